import { z } from 'zod';

/**
 * 目的別コミュニティ — shapes shared by the API (/api/communities, /api/posts, /api/comments,
 * /api/events, /api/feed, /api/board, /api/questions, /api/search, /api/files, /api/calendar,
 * /api/community-reports), the web and the worker. Communities belong to a region; people in them
 * come from every town of it.
 */

export const communityCategory = z.enum(['learning', 'sharing', 'consultation', 'work_life', 'local', 'workplace', 'other']);
export type CommunityCategory = z.infer<typeof communityCategory>;
/** open: anyone in the region joins; approval: a manager approves; invite: invisible to non-members. */
export const communityVisibility = z.enum(['open', 'approval', 'invite']);
export type CommunityVisibility = z.infer<typeof communityVisibility>;
export const memberRole = z.enum(['manager', 'member']);
export const memberStatus = z.enum(['active', 'pending', 'invited']);
export const notifySetting = z.enum(['all', 'digest', 'mute']);
export type NotifySetting = z.infer<typeof notifySetting>;
export const postKind = z.enum(['post', 'question', 'worry', 'case', 'idea']);
export type PostKind = z.infer<typeof postKind>;
export const eventKind = z.enum(['workshop', 'study', 'consultation', 'first_meeting', 'other']);
export const eventFormat = z.enum(['offline', 'online', 'hybrid']);
export const registrationStatus = z.enum(['registered', 'waitlisted', 'cancelled']);

const dt = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().max(max);
/** Markdown a person writes: up to 20,000 characters. */
const markdown = z.string().max(20000);
/** A client-made key (a uuid per form load) so a double submit creates one thing. */
const idempotencyKey = z.string().min(8).max(100).optional();

/** A person as everyone in the region sees them: name, ふりがな, town, department, position. */
export const personRef = z.object({
  id: z.uuid(),
  name: z.string(),
  nameKana: z.string(),
  municipalityId: z.uuid(),
  municipalityName: z.string(),
  departmentName: z.string().nullable(),
  departmentPath: z.string().nullable(),
  position: z.string().nullable(),
});
export type PersonRef = z.infer<typeof personRef>;

// ---------- communities ----------

export const myMembership = z.object({
  role: memberRole,
  status: memberStatus,
  notify: notifySetting,
}).nullable();

export const communitySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  category: communityCategory,
  visibility: communityVisibility,
  status: z.enum(['active', 'archived']),
  /** Plain-text beginning of the description. */
  excerpt: z.string(),
  memberCount: z.number().int(),
  postCount: z.number().int(),
  lastPostAt: dt.nullable(),
  /** Towns its members come from (names), most members first. */
  towns: z.array(z.string()),
  membership: myMembership,
});
export type CommunitySummary = z.infer<typeof communitySummary>;

export const community = communitySummary.extend({
  description: z.string(),
  descriptionHtml: z.string(),
  managers: z.array(personRef),
  createdAt: dt,
  archivedAt: dt.nullable(),
  pendingCount: z.number().int(),
  openReportCount: z.number().int(),
  /** What the reader may do here. */
  can: z.object({
    post: z.boolean(),
    manage: z.boolean(), // membership and moderation: the community's managers
    administer: z.boolean(), // edit, archive, managers: regional coordinators
    join: z.boolean(),
  }),
});
export type Community = z.infer<typeof community>;

export const communityListQuery = z.object({
  category: communityCategory.optional(),
  /** Communities with active members from this town. */
  municipalityId: z.uuid().optional(),
  /** active: a post in the last 30 days; quiet: none. */
  activity: z.enum(['active', 'quiet']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
  sort: z.enum(['activity', 'members', 'name', 'newest']).default('activity'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type CommunityListQuery = z.infer<typeof communityListQuery>;

export const communityCreate = z.object({
  name: text(80).min(1),
  category: communityCategory,
  description: markdown.default(''),
  visibility: communityVisibility.default('open'),
  /** The first managers (people of the region). The creating coordinator is not added unless named. */
  managerIds: z.array(z.uuid()).min(1).max(20),
});
export type CommunityCreate = z.infer<typeof communityCreate>;
export const communityUpdate = z.object({
  name: text(80).min(1).optional(),
  category: communityCategory.optional(),
  description: markdown.optional(),
  visibility: communityVisibility.optional(),
});
export const managersUpdate = z.object({ userIds: z.array(z.uuid()).min(1).max(20) });

// ---------- members ----------

export const member = z.object({
  person: personRef,
  role: memberRole,
  status: memberStatus,
  message: z.string().nullable(),
  joinedAt: dt.nullable(),
  requestedAt: dt,
});
export type Member = z.infer<typeof member>;
export const memberListQuery = z.object({
  status: memberStatus.default('active'),
  municipalityId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
/** Members per town, for the member list's header. */
export const memberList = z.object({
  items: z.array(member),
  nextCursor: z.string().nullable(),
  towns: z.array(z.object({ municipalityId: z.uuid(), municipalityName: z.string(), count: z.number().int() })),
});
export const joinBody = z.object({ message: text(500).nullable().default(null) });
export const inviteBody = z.object({ userIds: z.array(z.uuid()).min(1).max(50) });
export const notifyBody = z.object({ notify: notifySetting });
export const membershipResult = z.object({ membership: myMembership });
export const peopleQuery = z.object({ q: text(50).min(1), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const peopleList = z.object({ items: z.array(personRef) });
/** The towns of my region (the directory's town filter). */
export const regionTowns = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), nameKana: z.string(), code: z.string() })),
});

// ---------- posts ----------

export const fileRef = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** Served inline (images, PDF) or as a download. */
  inline: z.boolean(),
  url: z.string(),
});
export type FileRef = z.infer<typeof fileRef>;

export const postSummary = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  kind: postKind,
  title: z.string().nullable(),
  excerpt: z.string(),
  /** null when the post is anonymous and the reader is not a manager of the community (nor the asker). */
  author: personRef.nullable(),
  anonymous: z.boolean(),
  hashtags: z.array(z.string()),
  likeCount: z.number().int(),
  commentCount: z.number().int(),
  viewCount: z.number().int(),
  interestCount: z.number().int(),
  liked: z.boolean(),
  pinned: z.boolean(),
  solved: z.boolean(),
  hidden: z.boolean(),
  createdAt: dt,
  editedAt: dt.nullable(),
});
export type PostSummary = z.infer<typeof postSummary>;

export const post = postSummary.extend({
  body: z.string(),
  bodyHtml: z.string(),
  challenge: z.string().nullable(),
  challengeHtml: z.string().nullable(),
  solution: z.string().nullable(),
  solutionHtml: z.string().nullable(),
  /** Shown to managers (and the author) when hidden; everyone else gets the reason without the body. */
  hiddenReason: z.string().nullable(),
  acceptedCommentId: z.uuid().nullable(),
  interested: z.boolean(),
  attachments: z.array(fileRef),
  revisionCount: z.number().int(),
  can: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    moderate: z.boolean(),
    accept: z.boolean(),
  }),
});
export type Post = z.infer<typeof post>;

export const postCreate = z.object({
  kind: postKind.default('post'),
  /** Required for questions, share-board posts and ideas. */
  title: text(120).nullable().default(null),
  body: markdown.min(1),
  challenge: markdown.nullable().default(null),
  solution: markdown.nullable().default(null),
  /** Questions only: the name is shown only to the community's managers. */
  anonymous: z.boolean().default(false),
  attachmentIds: z.array(z.uuid()).max(10).default([]),
  idempotencyKey,
});
export type PostCreate = z.infer<typeof postCreate>;
export const postUpdate = z.object({
  title: text(120).nullable().optional(),
  body: markdown.min(1).optional(),
  challenge: markdown.nullable().optional(),
  solution: markdown.nullable().optional(),
});
export const postListQuery = z.object({
  kind: postKind.optional(),
  tag: text(50).optional(),
  /** true: only the community's pinned posts; false: only the others; absent: all. */
  pinned: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const postRevision = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  body: z.string(),
  challenge: z.string().nullable(),
  solution: z.string().nullable(),
  editedBy: personRef.nullable(),
  replacedAt: dt,
});
export const hideBody = z.object({ reason: text(500).min(1) });
export const reportBody = z.object({ reason: text(500).min(1) });
export const acceptBody = z.object({ commentId: z.uuid() });
export const interestBody = z.object({ note: text(200).nullable().default(null) });
export const likeResult = z.object({ liked: z.boolean(), likeCount: z.number().int() });
export const interestResult = z.object({ interested: z.boolean(), interestCount: z.number().int() });
export const interestedPerson = z.object({ person: personRef, note: z.string().nullable(), createdAt: dt });

// ---------- comments ----------

const commentBase = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(['comment', 'advice']),
  author: personRef.nullable(),
  bodyHtml: z.string(),
  body: z.string(),
  likeCount: z.number().int(),
  liked: z.boolean(),
  accepted: z.boolean(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  deleted: z.boolean(),
  createdAt: dt,
  editedAt: dt.nullable(),
  can: z.object({ edit: z.boolean(), delete: z.boolean(), moderate: z.boolean() }),
});
/** A top-level comment with its replies (one level), oldest first. */
export const comment = commentBase.extend({ replies: z.array(commentBase) });
export type Comment = z.infer<typeof comment>;
export const commentCreate = z.object({
  body: markdown.min(1).max(10000),
  /** A reply to a top-level comment. Replies to replies are attached to the same top-level comment. */
  parentId: z.uuid().nullable().default(null),
  kind: z.enum(['comment', 'advice']).default('comment'),
  idempotencyKey,
});
export const commentUpdate = z.object({ body: markdown.min(1).max(10000) });
export const commentList = z.object({ items: z.array(comment) });

export const report = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  targetType: z.enum(['post', 'comment']),
  targetId: z.uuid(),
  excerpt: z.string(),
  reason: z.string(),
  reporter: personRef.nullable(),
  status: z.enum(['open', 'resolved', 'dismissed']),
  createdAt: dt,
});
export const reportResolve = z.object({ status: z.enum(['resolved', 'dismissed']) });

// ---------- feed, board, questions, search ----------

export const feedQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const boardQuery = feedQuery.extend({
  kind: z.enum(['worry', 'case']).optional(),
  communityId: z.uuid().optional(),
});
export const questionsQuery = feedQuery.extend({
  /** true (default): unanswered only. */
  unanswered: z.enum(['true', 'false']).default('true'),
  communityId: z.uuid().optional(),
});
// ---------- events ----------

export const eventSummary = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  title: z.string(),
  kind: eventKind,
  format: eventFormat,
  startsAt: dt,
  endsAt: dt,
  place: z.string().nullable(),
  capacity: z.number().int().nullable(),
  registeredCount: z.number().int(),
  waitlistCount: z.number().int(),
  status: z.enum(['scheduled', 'cancelled']),
  /** My registration, if any (not cancelled). */
  myStatus: registrationStatus.nullable(),
  /** 1-based place on the waitlist when waitlisted. */
  myWaitlistPosition: z.number().int().nullable(),
});
export type EventSummary = z.infer<typeof eventSummary>;

/** Minutes of the event inside working hours (weekdays 8:30–17:15 JST, minus lunch), per date. */
export const timeRequestOffer = z.object({
  minutes: z.number().int(),
  days: z.array(z.object({ date: z.iso.date(), minutes: z.number().int() })),
  /** A request already filed for this event. */
  timeRequestId: z.uuid().nullable(),
}).nullable();

export const communityEvent = eventSummary.extend({
  description: z.string(),
  descriptionHtml: z.string(),
  /** The online link: for registered people and managers only. */
  onlineUrl: z.string().nullable(),
  materialsNote: z.string().nullable(),
  materialsNoteHtml: z.string().nullable(),
  materials: z.array(fileRef),
  createdBy: personRef.nullable(),
  timeRequestOffer,
  can: z.object({ manage: z.boolean(), register: z.boolean() }),
});
export type CommunityEvent = z.infer<typeof communityEvent>;

const eventFields = z.object({
  title: text(120).min(1),
  description: markdown,
  kind: eventKind,
  format: eventFormat,
  startsAt: dt,
  endsAt: dt,
  place: text(200).nullable(),
  onlineUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  capacity: z.number().int().min(1).max(10000).nullable(),
});
export const eventCreate = eventFields.extend({
  description: markdown.default(''),
  kind: eventKind.default('study'),
  format: eventFormat.default('offline'),
  place: text(200).nullable().default(null),
  onlineUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().default(null),
  capacity: z.number().int().min(1).max(10000).nullable().default(null),
  idempotencyKey,
});
export type EventCreate = z.infer<typeof eventCreate>;
/** Only what is sent changes: no defaults here, so a PATCH of the title keeps everything else. */
export const eventUpdate = eventFields.partial().extend({
  materialsNote: markdown.nullable().optional(),
  /** Files uploaded to the community to attach as materials. */
  materialIds: z.array(z.uuid()).max(20).optional(),
});
export const eventListQuery = z.object({
  communityId: z.uuid().optional(),
  /** upcoming (default): not yet ended; past: ended; mine: my registrations, upcoming. */
  when: z.enum(['upcoming', 'past', 'mine']).default('upcoming'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const registerBody = z.object({
  /** File a 20%-rule request for the event's working hours with my manager, in the same step. */
  fileTimeRequest: z.boolean().default(false),
  purpose: text(500).nullable().default(null),
});
export const registrationResult = z.object({
  status: registrationStatus,
  waitlistPosition: z.number().int().nullable(),
  timeRequestId: z.uuid().nullable(),
  event: communityEvent,
});
export const registrant = z.object({
  person: personRef,
  status: registrationStatus,
  waitlistPosition: z.number().int().nullable(),
  attended: z.boolean().nullable(),
  queuedAt: dt,
});
export const registrantList = z.object({ items: z.array(registrant) });
export const attendanceBody = z.object({
  items: z.array(z.object({ userId: z.uuid(), attended: z.boolean() })).min(1).max(1000),
});
export const calendarFeed = z.object({ url: z.string(), webcalUrl: z.string() });

// ---------- search ----------

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  type: z.enum(['all', 'communities', 'posts', 'events']).default('all'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const searchResult = z.object({
  communities: z.array(communitySummary),
  posts: z.array(postSummary),
  events: z.array(eventSummary),
});

// ---------- figures for coordinators ----------

export const communityFiguresQuery = z.object({
  /** 年度 (April–March), e.g. 2026 for 2026-04-01..2027-03-31. Default: the current one. */
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  communityId: z.uuid().optional(),
});
export const communityFigures = z.object({
  fiscalYear: z.number().int(),
  from: z.iso.date(),
  to: z.iso.date(),
  membersByTown: z.array(z.object({ municipalityId: z.uuid(), municipalityName: z.string(), members: z.number().int() })),
  /** One row per month of the 年度, April first. */
  months: z.array(z.object({
    month: z.string(), // YYYY-MM
    posts: z.number().int(),
    questions: z.number().int(),
    answered: z.number().int(),
    /** Median hours from a question to its accepted answer, for questions asked that month. */
    medianHoursToAnswer: z.number().nullable(),
    events: z.number().int(),
    registered: z.number().int(),
    attended: z.number().int(),
  })),
  totals: z.object({
    communities: z.number().int(),
    members: z.number().int(),
    posts: z.number().int(),
    questions: z.number().int(),
    answered: z.number().int(),
    medianHoursToAnswer: z.number().nullable(),
    events: z.number().int(),
    registered: z.number().int(),
    attended: z.number().int(),
  }),
});
export type CommunityFigures = z.infer<typeof communityFigures>;
