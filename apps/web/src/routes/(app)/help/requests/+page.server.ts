import { directRequestList } from '@yui/contracts';
import { requestBox } from '$lib/talent';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** 人材宛依頼: requests sent to me (受信, `?box=received`, the default) or that I sent (送信, `?box=sent`). */
export const load: PageServerLoad = async (event) => {
  const box = requestBox(event.url);
  try {
    const list = await userApi(event)(`/api/talent/requests?box=${box}`, { schema: directRequestList });
    return { box, requests: list.items };
  } catch (e) {
    pageError(e, event);
  }
};
