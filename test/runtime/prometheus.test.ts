// The Prometheus metrics: what the app reports shows up in the scrape text under bounded labels,
// and the outbox depth read from the store at scrape time never breaks the scrape.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/logger.ts';
import { createPrometheusMetrics } from '../../src/runtime/prometheus.ts';
import { createMemoryStore } from '../../src/store/store.ts';

const depthOf = (n: number) => ({ outboxDepth: async () => n });

/** The sample lines of one metric (name and labels as written, then the value). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('Prometheus metrics', () => {
  it('counts commands by name and result, refusals by code, and times them', async () => {
    const metrics = createPrometheusMetrics({ store: depthOf(0), processMetrics: false });
    metrics.commandFinished('join', 'changed', undefined, 0.004);
    metrics.commandFinished('join', 'changed', undefined, 0.02);
    metrics.commandFinished('join', 'duplicate', undefined, 0.001);
    metrics.commandFinished('status', 'unchanged', undefined, 0.002);
    metrics.commandFinished('move', 'refused', 'stale', 0.003);
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(samples(body, 'breakouts_commands_total')).toEqual([
      'breakouts_commands_total{command="join",result="changed"} 2',
      'breakouts_commands_total{command="join",result="duplicate"} 1',
      'breakouts_commands_total{command="status",result="unchanged"} 1',
      'breakouts_commands_total{command="move",result="refused"} 1',
    ]);
    expect(samples(body, 'breakouts_command_refusals_total')).toEqual(['breakouts_command_refusals_total{command="move",code="stale"} 1']);
    expect(body).toContain('breakouts_command_seconds_count{command="join"} 3');
    expect(body).toContain('breakouts_command_seconds_bucket{le="0.005",command="join"} 2');
  });

  it('reports effect delivery time by effect and result, and board lag by platform', async () => {
    const metrics = createPrometheusMetrics({ store: depthOf(0), processMetrics: false });
    metrics.effectDelivered('dm', 'done', 0.2);
    metrics.effectDelivered('dm', 'retry', 1.5);
    metrics.effectDelivered('run', 'given-up', 120);
    metrics.boardShown('slack', 0.8);
    metrics.boardShown('discord', 1.2);
    const { body } = await metrics.scrape();
    expect(body).toContain('breakouts_effect_delivery_seconds_count{effect="dm",result="done"} 1');
    expect(body).toContain('breakouts_effect_delivery_seconds_count{effect="dm",result="retry"} 1');
    expect(body).toContain('breakouts_effect_delivery_seconds_count{effect="run",result="given-up"} 1');
    expect(body).toContain('breakouts_board_lag_seconds_bucket{le="1",platform="slack"} 1');
    expect(body).toContain('breakouts_board_lag_seconds_bucket{le="1",platform="discord"} 0');
    expect(body).toContain('breakouts_board_lag_seconds_count{platform="discord"} 1');
  });

  it('keeps labels to known values: an unknown command, an unknown refusal code, and routes past the cap', async () => {
    const metrics = createPrometheusMetrics({ store: depthOf(0), processMetrics: false, routesPerPlatform: 2 });
    metrics.commandFinished('no-such-command', 'refused', 'bad-input', 0.001);
    metrics.commandFinished('move', 'refused', 'made-up-code', 0.001);
    metrics.rateLimited('slack', 'chat.update');
    metrics.rateLimited('slack', 'chat.postMessage');
    metrics.rateLimited('slack', 'conversations.invite');
    metrics.rateLimited('slack', 'chat.update');
    metrics.rateLimited('discord', '/channels/:id/messages/:id');
    const { body } = await metrics.scrape();
    expect(samples(body, 'breakouts_commands_total')).toContain('breakouts_commands_total{command="unknown",result="refused"} 1');
    expect(samples(body, 'breakouts_command_refusals_total')).toEqual([
      'breakouts_command_refusals_total{command="unknown",code="bad-input"} 1',
      'breakouts_command_refusals_total{command="move",code="other"} 1',
    ]);
    expect(samples(body, 'breakouts_platform_rate_limited_total')).toEqual([
      'breakouts_platform_rate_limited_total{platform="slack",route="chat.update"} 2',
      'breakouts_platform_rate_limited_total{platform="slack",route="chat.postMessage"} 1',
      'breakouts_platform_rate_limited_total{platform="slack",route="other"} 1',
      'breakouts_platform_rate_limited_total{platform="discord",route="/channels/:id/messages/:id"} 1',
    ]);
  });

  it('reads the outbox depth from the store on each scrape', async () => {
    const store = createMemoryStore();
    let depth = 3;
    const metrics = createPrometheusMetrics({ store: { outboxDepth: async () => depth }, processMetrics: false });
    expect(samples((await metrics.scrape()).body, 'breakouts_outbox_depth')).toEqual(['breakouts_outbox_depth 3']);
    depth = 0;
    const { body } = await metrics.scrape();
    expect(samples(body, 'breakouts_outbox_depth')).toEqual(['breakouts_outbox_depth 0']);
    expect(samples(body, 'breakouts_store_up')).toEqual(['breakouts_store_up 1']);
    const real = createPrometheusMetrics({ store, processMetrics: false });
    expect(samples((await real.scrape()).body, 'breakouts_outbox_depth')).toEqual(['breakouts_outbox_depth 0']);
  });

  it('answers a scrape while the store fails, with breakouts_store_up 0, and logs why without the database password', async () => {
    const lines: string[] = [];
    const failing = { outboxDepth: async (): Promise<number> => Promise.reject(new Error('connect ECONNREFUSED for postgres://app:hunter2-pass@db:5432/x')) };
    const metrics = createPrometheusMetrics({ store: failing, processMetrics: false, logger: createLogger({ write: (l) => lines.push(l) }) });
    metrics.commandFinished('join', 'changed', undefined, 0.01);
    const { body } = await metrics.scrape();
    expect(samples(body, 'breakouts_store_up')).toEqual(['breakouts_store_up 0']);
    expect(samples(body, 'breakouts_outbox_depth')).toEqual(['breakouts_outbox_depth Nan']);
    expect(samples(body, 'breakouts_commands_total')).toEqual(['breakouts_commands_total{command="join",result="changed"} 1']);
    expect(lines.some((l) => l.includes('the outbox depth could not be read'))).toBe(true);
    expect(lines.join('\n')).not.toContain('hunter2-pass');
  });

  it('answers a scrape while the store hangs, once its deadline passes', async () => {
    const hanging = { outboxDepth: () => new Promise<number>(() => {}) };
    const metrics = createPrometheusMetrics({ store: hanging, processMetrics: false, storeTimeoutMs: 20 });
    expect(samples((await metrics.scrape()).body, 'breakouts_store_up')).toEqual(['breakouts_store_up 0']);
  });

  it('includes the process metrics of its own registry, not the global one', async () => {
    const a = createPrometheusMetrics({ store: depthOf(0) });
    const b = createPrometheusMetrics({ store: depthOf(0) });
    a.commandFinished('join', 'changed', undefined, 0.01);
    const [textA, textB] = [(await a.scrape()).body, (await b.scrape()).body];
    expect(textA).toContain('process_cpu_user_seconds_total');
    expect(textA).toContain('nodejs_eventloop_lag_seconds');
    expect(samples(textA, 'breakouts_commands_total')).toHaveLength(1);
    expect(samples(textB, 'breakouts_commands_total')).toEqual([]);
  });
});
