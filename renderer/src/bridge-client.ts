/**
 * KubewardApi over the dev bridge (electron/dev-bridge/server.ts): each call is a POST to
 * /api/<channel> with the request as JSON, events arrive as Server-Sent Events from
 * /api/events. The per-start token comes from the page's own URL.
 */
import { buildKubewardApi, type Channel, type KubewardApi } from '../../shared/ipc';

async function call(page: URL, token: string, channel: Channel, request: unknown): Promise<unknown> {
  const response = await fetch(new URL(`/api/${channel}`, page), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: request === undefined ? '' : JSON.stringify(request),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const message = typeof body === 'object' && body && 'error' in body ? String(body.error) : response.statusText;
    throw new Error(message);
  }
  return body;
}

export function bridgeApi(page: URL): KubewardApi {
  const token = page.searchParams.get('token') ?? '';
  const events = new EventSource(new URL(`/api/events?token=${encodeURIComponent(token)}`, page));
  return buildKubewardApi({
    invoke: (channel, request) => call(page, token, channel, request),
    listen: (channel, listener) => {
      const wrapped = (event: MessageEvent<string>) => listener(event.data ? JSON.parse(event.data) : undefined);
      events.addEventListener(channel, wrapped);
      return () => events.removeEventListener(channel, wrapped);
    },
  });
}
