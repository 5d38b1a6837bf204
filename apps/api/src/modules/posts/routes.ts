import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptBody, boardQuery, comment, commentCreate, commentList, commentUpdate, errorBody, feedQuery, hideBody, idParams,
  interestBody, interestedPerson, interestResult, likeResult, okBody, post, postCreate, postListQuery, postRevision, postSummary,
  postUpdate, questionsQuery, report, reportBody, reportResolve, searchQuery, searchResult,
} from '@yui/contracts';
import { communityActor as actor } from '../communities/access';
import { addComment, deleteComment, editComment, hideComment, listComments } from './comments';
import { board, communityTimeline, homeFeed, questions, search } from './lists';
import { createPost, deletePost, editPost, hidePost, pinPost, postRevisions, readPost } from './posts';
import {
  acceptAnswer, communityReports, decideReport, interestedPeople, likeComment, likePost, reportTarget, setInterested,
} from './reactions';

// 投稿・コメント・いいね・通報・解決・興味あり, the home feed, questions, the share board and search:
// /api/communities/:id/posts, /api/posts/…, /api/comments/…, /api/reports/…, /api/feed, /api/questions,
// /api/board, /api/search. Thin routes: one transaction each, the rules in the services beside this file.

const security = [{ bearerAuth: [] }];
/** Another region's or an invisible invite-only community's post answers 404, like one that does not exist. */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const postPage = z.object({ items: z.array(postSummary), nextCursor: z.string().nullable() });
const revisionList = z.object({ items: z.array(postRevision) });
const interestedList = z.object({ items: z.array(interestedPerson) });
const reportList = z.object({ items: z.array(report) });
const reportListQuery = z.object({ status: z.enum(['open', 'resolved', 'dismissed']).default('open') });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);

  // ── a community's posts ──
  app.get('/communities/:id/posts', {
    schema: {
      tags: ['community posts'], security,
      summary: 'A community\'s posts, newest first (kind, #tag, pinned filters; cursor pagination)',
      params: idParams, querystring: postListQuery, response: { 200: postPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => communityTimeline(tx, actor(req), req.params.id, req.query)),
  });

  app.post('/communities/:id/posts', {
    schema: {
      tags: ['community posts'], security,
      summary: 'Write a post, question (相談), お悩み共有, 事例共有 or アイデア募集 (members)',
      description: 'Markdown, sanitised (no raw HTML; links http(s), mailto and site paths only). Questions, share-board posts and '
        + 'ideas need a title; お悩み・事例 need 課題感, 事例 also どうやって解決したか; only a question may be anonymous (the name '
        + 'is shown to the community\'s managers only). attachmentIds: files I uploaded to this community and not yet attached. '
        + 'The same idempotencyKey again answers 200 with the first post.',
      params: idParams, body: postCreate, response: { 200: post, 201: post, ...fail },
    },
    handler: async (req, reply) => {
      const r = await req.tenant((tx) => createPost(tx, actor(req), req.params.id, req.body));
      return reply.code(r.created ? 201 : 200).send(r.post);
    },
  });

  app.get('/communities/:id/reports', {
    schema: {
      tags: ['community moderation'], security, summary: 'Reports (通報) on the community\'s posts and comments (managers); open ones oldest first',
      params: idParams, querystring: reportListQuery, response: { 200: reportList, ...fail },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => communityReports(tx, actor(req), req.params.id, req.query.status)) }),
  });

  // ── one post ──
  app.get('/posts/:id', {
    schema: {
      tags: ['community posts'], security, summary: 'A post (counts me as a reader once)',
      params: idParams, response: { 200: post, ...fail },
    },
    handler: (req) => req.tenant((tx) => readPost(tx, actor(req), req.params.id)),
  });

  app.patch('/posts/:id', {
    schema: {
      tags: ['community posts'], security, summary: 'Edit my post; the version it replaces is kept in its history',
      params: idParams, body: postUpdate, response: { 200: post, ...fail },
    },
    handler: (req) => req.tenant((tx) => editPost(tx, actor(req), req.params.id, req.body)),
  });

  app.delete('/posts/:id', {
    schema: {
      tags: ['community posts'], security, summary: 'Delete my post',
      params: idParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      await req.tenant((tx) => deletePost(tx, actor(req), req.params.id));
      return { ok: true as const };
    },
  });

  app.get('/posts/:id/revisions', {
    schema: {
      tags: ['community posts'], security, summary: 'Earlier versions of a post, the latest replaced first',
      params: idParams, response: { 200: revisionList, ...fail },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => postRevisions(tx, actor(req), req.params.id)) }),
  });

  app.post('/posts/:id/hide', {
    schema: {
      tags: ['community moderation'], security, summary: 'Hide a post with a reason (managers): others see the reason only',
      params: idParams, body: hideBody, response: { 200: post, ...fail },
    },
    handler: (req) => req.tenant((tx) => hidePost(tx, actor(req), req.params.id, req.body.reason)),
  });

  app.post('/posts/:id/unhide', {
    schema: { tags: ['community moderation'], security, summary: 'Show a hidden post again (managers)', params: idParams, response: { 200: post, ...fail } },
    handler: (req) => req.tenant((tx) => hidePost(tx, actor(req), req.params.id, null)),
  });

  for (const [path, pinned] of [['pin', true], ['unpin', false]] as const) {
    app.post(`/posts/:id/${path}`, {
      schema: {
        tags: ['community moderation'], security, summary: pinned ? 'Pin a post to the community (managers)' : 'Unpin a post (managers)',
        params: idParams, response: { 200: post, ...fail },
      },
      handler: (req) => req.tenant((tx) => pinPost(tx, actor(req), req.params.id, pinned)),
    });
  }

  for (const [method, liked] of [['PUT', true], ['DELETE', false]] as const) {
    app.route({
      method, url: '/posts/:id/like',
      schema: {
        tags: ['community posts'], security, summary: liked ? 'いいね a post (members; again: no change)' : 'Take back my いいね',
        params: idParams, response: { 200: likeResult, ...fail },
      },
      handler: (req) => req.tenant((tx) => likePost(tx, actor(req), (req.params as { id: string }).id, liked)),
    });
    app.route({
      method, url: '/comments/:id/like',
      schema: {
        tags: ['community comments'], security, summary: liked ? 'いいね a comment (members; again: no change)' : 'Take back my いいね',
        params: idParams, response: { 200: likeResult, ...fail },
      },
      handler: (req) => req.tenant((tx) => likeComment(tx, actor(req), (req.params as { id: string }).id, liked)),
    });
  }

  app.post('/posts/:id/report', {
    schema: {
      tags: ['community moderation'], security, summary: 'Report a post to the community\'s managers (again while open: 200, no change)',
      params: idParams, body: reportBody, response: { 200: okBody, 201: okBody, ...fail },
    },
    handler: async (req, reply) => {
      const r = await req.tenant((tx) => reportTarget(tx, actor(req), { type: 'post', id: req.params.id }, req.body.reason));
      return reply.code(r.created ? 201 : 200).send({ ok: true as const });
    },
  });

  // ── 相談: the answer that solved it ──
  app.post('/posts/:id/accept', {
    schema: {
      tags: ['community posts'], security,
      summary: 'Mark the comment that solved a question (the asker or a manager); its author is told',
      params: idParams, body: acceptBody, response: { 200: post, ...fail },
    },
    handler: (req) => req.tenant((tx) => acceptAnswer(tx, actor(req), req.params.id, req.body.commentId)),
  });

  app.delete('/posts/:id/accept', {
    schema: {
      tags: ['community posts'], security, summary: 'Take the mark away (the asker or a manager)',
      params: idParams, response: { 200: post, ...fail },
    },
    handler: (req) => req.tenant((tx) => acceptAnswer(tx, actor(req), req.params.id, null)),
  });

  // ── アイデア募集 ──
  app.put('/posts/:id/interest', {
    schema: {
      tags: ['community posts'], security, summary: '「興味あり」 on an idea, with an optional note (again: updates the note)',
      params: idParams, body: interestBody, response: { 200: interestResult, ...fail },
    },
    handler: (req) => req.tenant((tx) => setInterested(tx, actor(req), req.params.id, { note: req.body.note })),
  });

  app.delete('/posts/:id/interest', {
    schema: { tags: ['community posts'], security, summary: 'Take back my 「興味あり」', params: idParams, response: { 200: interestResult, ...fail } },
    handler: (req) => req.tenant((tx) => setInterested(tx, actor(req), req.params.id, null)),
  });

  app.get('/posts/:id/interested', {
    schema: {
      tags: ['community posts'], security, summary: 'People interested in an idea, first come first',
      params: idParams, response: { 200: interestedList, ...fail },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => interestedPeople(tx, actor(req), req.params.id)) }),
  });

  // ── comments ──
  app.get('/posts/:id/comments', {
    schema: {
      tags: ['community comments'], security, summary: 'Comments, oldest first, each with its replies',
      params: idParams, response: { 200: commentList, ...fail },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => listComments(tx, actor(req), req.params.id)) }),
  });

  app.post('/posts/:id/comments', {
    schema: {
      tags: ['community comments'], security,
      summary: 'Comment or reply (members); advice (アドバイス) on お悩み・事例 posts. The same idempotencyKey again answers 200',
      params: idParams, body: commentCreate, response: { 200: comment, 201: comment, ...fail },
    },
    handler: async (req, reply) => {
      const r = await req.tenant((tx) => addComment(tx, actor(req), req.params.id, req.body));
      return reply.code(r.created ? 201 : 200).send(r.comment);
    },
  });

  app.patch('/comments/:id', {
    schema: {
      tags: ['community comments'], security, summary: 'Edit my comment',
      params: idParams, body: commentUpdate, response: { 200: comment, ...fail },
    },
    handler: (req) => req.tenant((tx) => editComment(tx, actor(req), req.params.id, req.body.body)),
  });

  app.delete('/comments/:id', {
    schema: { tags: ['community comments'], security, summary: 'Delete my comment (its replies stay)', params: idParams, response: { 200: okBody, ...fail } },
    handler: async (req) => {
      await req.tenant((tx) => deleteComment(tx, actor(req), req.params.id));
      return { ok: true as const };
    },
  });

  app.post('/comments/:id/hide', {
    schema: {
      tags: ['community moderation'], security, summary: 'Hide a comment with a reason (managers)',
      params: idParams, body: hideBody, response: { 200: comment, ...fail },
    },
    handler: (req) => req.tenant((tx) => hideComment(tx, actor(req), req.params.id, req.body.reason)),
  });

  app.post('/comments/:id/unhide', {
    schema: { tags: ['community moderation'], security, summary: 'Show a hidden comment again (managers)', params: idParams, response: { 200: comment, ...fail } },
    handler: (req) => req.tenant((tx) => hideComment(tx, actor(req), req.params.id, null)),
  });

  app.post('/comments/:id/report', {
    schema: {
      tags: ['community moderation'], security, summary: 'Report a comment to the community\'s managers (again while open: 200, no change)',
      params: idParams, body: reportBody, response: { 200: okBody, 201: okBody, ...fail },
    },
    handler: async (req, reply) => {
      const r = await req.tenant((tx) => reportTarget(tx, actor(req), { type: 'comment', id: req.params.id }, req.body.reason));
      return reply.code(r.created ? 201 : 200).send({ ok: true as const });
    },
  });

  app.post('/reports/:id/resolve', {
    schema: {
      tags: ['community moderation'], security, summary: 'Close a report: resolved or dismissed (managers; a closed one: 409)',
      params: idParams, body: reportResolve, response: { 200: report, ...fail },
    },
    handler: (req) => req.tenant((tx) => decideReport(tx, actor(req), req.params.id, req.body.status)),
  });

  // ── across communities ──
  app.get('/feed', {
    schema: {
      tags: ['community lists'], security, summary: 'ホーム: posts of the communities I am a member of, newest first',
      querystring: feedQuery, response: { 200: postPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => homeFeed(tx, actor(req), req.query)),
  });

  app.get('/questions', {
    schema: {
      tags: ['community lists'], security, summary: 'Questions (相談) of the communities I may read, unanswered ones by default',
      querystring: questionsQuery, response: { 200: postPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => questions(tx, actor(req), req.query)),
  });

  app.get('/board', {
    schema: {
      tags: ['community lists'], security, summary: '工夫・お悩みシェアボード: お悩み共有 and 事例共有 across the communities I may read',
      querystring: boardQuery, response: { 200: postPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => board(tx, actor(req), req.query)),
  });

  app.get('/search', {
    schema: {
      tags: ['community lists'], security,
      summary: 'Search communities, posts and events I may see (Japanese words of any length, parts of words; #tag for a hashtag)',
      querystring: searchQuery, response: { 200: searchResult, ...fail },
    },
    handler: (req) => req.tenant((tx) => search(tx, actor(req), req.query)),
  });
};

export default routes;
