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

// Live events (GET /events, through htmx's SSE extension): while the stream is up, what polls
// (the chat, the export list) asks only when an event says something changed; the timer's asks are
// dropped. The stream counts as up from its `ready` event, so a proxy that holds events back, a
// refused stream (`close`) or a broken one leaves the page polling as it does without them.
// `ready` says `live` when the stream hears every process (Redis), `local` when only its own: then
// what the worker announces (a finished export, data-live-from="worker") is still polled for.
var live = false;
var shared = false;
document.addEventListener('htmx:sseOpen', function (event) {
  var source = event.detail.source;
  if (source.liveWatched) return;
  source.liveWatched = true;
  source.addEventListener('ready', function (ready) {
    live = true;
    shared = ready.data === 'live';
  });
});
function offline() {
  live = false;
  shared = false;
}
document.addEventListener('htmx:sseError', offline);
document.addEventListener('htmx:sseClose', offline);
// A note ("1") is a signal for what fetches on it; only HTML is swapped in (the open chat).
document.addEventListener('htmx:sseBeforeMessage', function (event) {
  if (event.detail.data === '1') event.preventDefault();
});
document.addEventListener('htmx:beforeRequest', function (event) {
  var elt = event.detail.elt;
  var heard = live && (shared || elt.getAttribute('data-live-from') !== 'worker');
  if (heard && isPoll(elt) && !event.detail.requestConfig.triggeringEvent) event.preventDefault();
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

// Something is under way: a thin bar across the top of the page for every request a person started
// (not the chat's polling), and the controls that sent it disabled until the answer is in, so that
// a second click on a slow connection sends nothing twice.
var busy = 0;
function isPoll(elt) {
  var trigger = elt.getAttribute && elt.getAttribute('hx-trigger');
  return !!trigger && (trigger.indexOf('every') !== -1 || trigger.indexOf('sse:') !== -1);
}
document.addEventListener('htmx:beforeRequest', function (event) {
  var elt = event.detail.elt;
  if (event.defaultPrevented || isPoll(elt)) return;
  busy += 1;
  document.documentElement.classList.add('busy');
  var form = elt.tagName === 'FORM' ? elt : elt.closest && elt.closest('form');
  var controls = form && !form.matches('form.filters') ? form.querySelectorAll('button, input[type=submit]') : elt.tagName === 'BUTTON' ? [elt] : [];
  event.detail.xhr.disabledControls = [];
  Array.prototype.forEach.call(controls, function (control) {
    if (control.disabled) return;
    control.disabled = true;
    control.setAttribute('aria-disabled', 'true');
    event.detail.xhr.disabledControls.push(control);
  });
});
document.addEventListener('htmx:afterRequest', function (event) {
  if (isPoll(event.detail.elt)) return;
  busy = Math.max(0, busy - 1);
  if (busy === 0) document.documentElement.classList.remove('busy');
  (event.detail.xhr.disabledControls || []).forEach(function (control) {
    control.disabled = false;
    control.removeAttribute('aria-disabled');
  });
});
