import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // PORT, HOST, ORIGIN and API_INTERNAL_URL are read at run time (see src/lib/server/api.ts).
    adapter: adapter({ out: 'build' }),
  },
};

export default config;
