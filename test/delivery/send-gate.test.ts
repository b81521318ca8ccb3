// The send gate: however many meetings one process starts at once, at most `sendsAtOnce` platform
// sends are under way (what one crash can repeat), first come first served; board updates never wait.
import { describe, expect, it } from 'vitest';
import { createSendGate } from '../../src/delivery/send-gate.ts';
import type { RoomPlatform } from '../../src/delivery/room-platform.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createCarrier } from './carrier.ts';

/** A platform whose every send takes a few ms, counting how many are under way at once. */
function slowPlatform() {
  let now = 0;
  let most = 0;
  let sends = 0;
  let boardsWhileBusy = 0;
  const send = async (): Promise<void> => {
    now += 1;
    sends += 1;
    most = Math.max(most, now);
    await new Promise((resolve) => setTimeout(resolve, 3));
    now -= 1;
  };
  const platform: RoomPlatform = {
    prepareRoom: async (_m, room) => {
      await send();
      return { resourceId: `R${room.number}` };
    },
    openRoom: async () => {
      await send();
      return { unreachable: [] };
    },
    welcomeRoom: send,
    closeRoom: send,
    sendDirect: send,
    moveLive: send,
    postToRoom: send,
    visit: send,
    updateHelpCopy: send,
    postToMain: send,
    setRoomCap: send,
    // Like the board, a room's status is not gated: it shows the newest state.
    setRoomStatus: async () => {},
    updateBoard: async () => {
      if (now > 0) boardsWhileBusy += 1;
    },
  };
  return { platform, most: () => most, sends: () => sends, boardsWhileBusy: () => boardsWhileBusy };
}

describe('the send gate', () => {
  it('keeps at most sendsAtOnce sends under way across three meetings started at once', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: { now: () => new Date('2026-01-01T00:00:00Z') }, random: createSeededRandom('gate') });
    const fake = slowPlatform();
    const carrier = createCarrier(engine, store, fake.platform, { sendsAtOnce: 4, stepsAtOnce: 4, boardIntervalMs: 0 });
    const starts = [];
    for (const channel of ['a', 'b', 'c']) {
      const place = { platform: 'playground' as const, workspaceId: 'w', channelId: channel, mainRoomId: channel };
      const actor = { id: 'fac', name: 'Fay' };
      const run = (command: 'rooms' | 'import' | 'distribute' | 'start', input: unknown) => engine.execute({ target: { place }, actor, command, input });
      await run('rooms', { count: 4 });
      // Twelve phone callers: each gets a dial-in DM, so every meeting has more than four sends of a kind.
      await run('import', { people: Array.from({ length: 24 }, (_, i) => ({ id: `${channel}${i}`, name: `P${channel}${i}`, audio: i < 12 ? 'phone' : 'voip' })) });
      await run('distribute', {});
      starts.push(await run('start', {}));
    }
    await Promise.all(starts.map((outcome) => carrier.carryOut(outcome)));
    expect(fake.sends()).toBeGreaterThan(3 * 12);
    expect(fake.most()).toBe(4);
    expect(fake.boardsWhileBusy()).toBeGreaterThan(0);
  });

  it('lets waiting sends through in the order they came', async () => {
    const gate = createSendGate(1);
    const order: number[] = [];
    let release!: () => void;
    const first = gate(() => new Promise<void>((resolve) => (release = resolve)));
    const rest = [1, 2, 3].map((n) => gate(async () => void order.push(n)));
    await Promise.resolve();
    expect(order).toEqual([]);
    release();
    await Promise.all([first, ...rest]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => createSendGate(0)).toThrow(/at least 1/);
    expect(() => createSendGate(2.5)).toThrow(/whole number/);
  });
});
