import type { FastifyPluginAsync } from 'fastify';
import postRoutes from './routes-posts';
import curationRoutes from './routes-curation';
import publicRoutes from './routes-public';

// 地域の魅力 (attraction posts): /api/attractions/**. Three route files, thin:
//  - routes-posts.ts: drafts, photos and their rights check, review (the post's town);
//  - routes-curation.ts: the shared pool's scheduling, channels (relays), collections, the
//    publication log, social-media previews and the figures (the region's coordinators);
//  - routes-public.ts: what the public pages and feeds read, without sign-in (/api/attractions/public/**).
// Rules live in the service files beside them (README.md).

export interface AttractionOptions {
  /** The site's address, e.g. https://yui.example.jp (YUI_PUBLIC_URL): public pages, feeds, share cards. */
  publicUrl: string;
  /** YUI_UPLOAD_LIMIT (bytes): the multipart plugin's limit; photos have their own, lower or equal. */
  uploadLimit: number;
}

const routes: FastifyPluginAsync<AttractionOptions> = async (app, opts) => {
  await app.register(async (staff) => {
    staff.addHook('onRequest', staff.authenticate);
    // Errors name fields in the words of attraction posts (タイトル, 紹介文, 公開日時…).
    staff.addHook('onRoute', (route) => { route.config = { ...route.config, labels: 'attractions' }; });
    await staff.register(postRoutes, opts);
    await staff.register(curationRoutes, opts);
  });
  await app.register(async (open) => {
    open.addHook('onRoute', (route) => { route.config = { ...route.config, labels: 'attractions' }; });
    await open.register(publicRoutes, opts);
  });
};

export default routes;
