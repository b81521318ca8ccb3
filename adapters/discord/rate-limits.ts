// Discord rate limits as metrics: every time discord.js meets one, once, labelled by route with
// the ids taken out (so the label has a bounded number of values).
import type { REST } from 'discord.js';
import type { Metrics } from '../../src/runtime/metrics.ts';

/** `/channels/123…/messages/456…` → `/channels/:id/messages/:id`; tokens are already `:token` in discord.js's routes. */
export function discordRoute(route: string): string {
  return route.split('?')[0]!.replace(/\d{5,}/g, ':id');
}

/**
 * Counts each rate limit discord.js meets, once. It meets them two ways: it holds a request back
 * for a bucket it knows is spent ('rateLimited'), or it is answered 429 (seen as a 'response'):
 * by Discord, or by a shared REST proxy, which answers a bare 429 with Retry-After instead of
 * waiting. After Discord's own 429 the request is held back as well (its headers say the bucket is
 * spent), so a wait that follows a 429 counted on its route is that same limit, not another.
 */
export function watchRateLimits(rest: REST, metrics: Pick<Metrics, 'rateLimited'>): void {
  // Routes answered 429 whose wait, if discord.js holds the retry back, is not counted again.
  const answered = new Set<string>();
  const key = (method: string, route: string): string => `${method.toUpperCase()} ${route}`;

  rest.on('response', (request, response) => {
    const k = key(request.method, request.route);
    if (response.status !== 429) {
      answered.delete(k);
      return;
    }
    answered.add(k);
    metrics.rateLimited('discord', discordRoute(request.route));
  });

  rest.on('rateLimited', (info) => {
    const k = key(info.method, info.route);
    if (answered.delete(k)) return;
    metrics.rateLimited('discord', discordRoute(info.route));
  });
}
