// Sends the page's CSRF token with every htmx request (forms also carry it as a hidden field).
// The token belongs to a session: each answer to htmx says the current one (it changes when a
// boosted login or logout swaps the page in place, which leaves <head> as it was).
document.addEventListener('htmx:configRequest', function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
});
document.addEventListener('htmx:afterRequest', function (event) {
  var token = event.detail.xhr && event.detail.xhr.getResponseHeader('X-CSRF-Token');
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (token && meta) meta.setAttribute('content', token);
});

// A page navigation (a boosted link or form) wins over the search-as-you-type form: an answer to a
// search asked before the navigation began is dropped, whenever it arrives, and the form asks
// nothing more while the navigation is under way. Otherwise a search answer arriving just after a
// click on a result would push the search's URL over the page the person went to.
var navigations = 0;
var navigatingSince = 0;
function dropIfOvertaken(event) {
  if (event.detail.xhr.navigationsWhenAsked < navigations) event.preventDefault();
}
document.addEventListener('htmx:beforeRequest', function (event) {
  var form = event.target.closest && event.target.closest('form.filters');
  if (event.detail.boosted) {
    navigations += 1;
    navigatingSince = Date.now();
  } else if (form) {
    if (Date.now() - navigatingSince < 10000) return event.preventDefault();
    event.detail.xhr.navigationsWhenAsked = navigations;
    // On the form itself: once the new page is in, the form is no longer in the document.
    if (!form.dataset.navGuard) {
      form.dataset.navGuard = '1';
      form.addEventListener('htmx:beforeOnLoad', dropIfOvertaken);
    }
  }
});
document.addEventListener('htmx:afterRequest', function (event) {
  if (event.detail.boosted) navigatingSince = 0;
});
