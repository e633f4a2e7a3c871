// Every service, bound to one store (the database; its writes tell the cache and live pages what
// they changed, src/changes.ts): routes reach the data only through these. Nothing here changes a
// service: what a method caches or tells is in the method.
import { createLoginLimits, type LoginLimits } from '../auth/rateLimit';
import type { Store } from '../changes';
import { auditService } from './audit';
import { campaignsService } from './campaigns';
import { claimsService } from './claims';
import { deletionsService } from './deletions';
import { collaborationsService } from './collaborations';
import { creatorsService } from './creators';
import { exportsService } from './exports';
import { followsService } from './follows';
import { influencersService } from './influencers';
import { insightsService } from './insights';
import { messagesService } from './messages';
import { offersService } from './offers';
import { outboxService } from './outbox';
import { ownAccountService } from './ownAccount';
import { remindersService } from './reminders';
import { reportsService } from './reports';
import { passwordResetsService } from './passwordResets';
import { submissionsService } from './submissions';
import { moderationService } from './moderation';
import { sessionsService } from './sessions';
import { usersService } from './users';

export function createServices(store: Store, limits: LoginLimits = createLoginLimits(store.db)) {
  const { db } = store;
  const deletions = deletionsService(store);
  const campaigns = campaignsService(store, deletions);
  const users = usersService(store, limits);
  return {
    users,
    sessions: sessionsService(store, limits),
    moderation: moderationService(store, users, deletions),
    campaigns,
    influencers: influencersService(store),
    offers: offersService(store, campaigns),
    messages: messagesService(store),
    collaborations: collaborationsService(store),
    creators: creatorsService(store),
    follows: followsService(store),
    insights: insightsService(store),
    exports: exportsService(store),
    outbox: outboxService(db),
    reminders: remindersService(db),
    reports: reportsService(db),
    claims: claimsService(db),
    passwordResets: passwordResetsService(store, limits),
    submissions: submissionsService(db),
    audit: auditService(db),
    ownAccount: ownAccountService(store, limits, deletions),
    deletions,
  };
}

export type Services = ReturnType<typeof createServices>;
