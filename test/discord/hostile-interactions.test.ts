// Hostile INTERACTION_CREATE payloads against the real discord.js bot on the loopback fake:
// 1,200 seeded payloads (broken shapes mixed with valid ones that change nothing) must each be
// answered within Discord's 3 s, change nothing and leave no unhandled rejection. Failures name
// the seed: BREAKOUTS_FUZZ_SEED=<seed> replays a run, BREAKOUTS_FUZZ_BATCH=1 pins a change on one payload.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { NOT_UNDERSTOOD } from '../../adapters/discord/interaction-gate.ts';
import { encodeAction } from '../../src/commands/action-id.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { EVERYONE_PERMS, IDS, memberId, PERMS, type FakeDiscord } from './fakes/fake-discord.ts';
import { TOKEN, startHarness, waitFor, type Harness } from './fakes/harness.ts';
import { components, idOf, meetingIn, postedBoard, slash, type StoredMessage } from './helpers.ts';

const PAYLOADS = 1200;
const BATCH = Number(process.env['BREAKOUTS_FUZZ_BATCH'] ?? 60);
/** Discord's deadline for the first answer to an interaction. */
const DEADLINE_MS = 3000;
const SEED = Number(process.env['BREAKOUTS_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const SORRY_MARK = 'went wrong on Breakouts’ side';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A meeting with its board posted and everyone in voice on the roster: nothing left to settle. */
async function settledMeeting(harness: Harness): Promise<Meeting> {
  await slash(harness, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
  await postedBoard(harness);
  // A command from someone else brings anyone still missing onto the roster.
  await slash(harness, memberId(1), 'status', [], { command: 'breakouts-me', permissions: EVERYONE_PERMS });
  return waitFor('board remembered', async () => {
    const m = await meetingIn(harness);
    return m.resources['boardMessage'] ? m : undefined;
  });
}

// ---- what a generated case is ------------------------------------------------------------

interface Ctx {
  readonly fake: FakeDiscord;
  readonly board: StoredMessage;
  readonly meeting: Meeting;
  /** Custom ids of the board's own components, by label (the user select under 'select'). */
  readonly ids: Readonly<Record<string, string>>;
}

interface Built {
  readonly d: unknown;
  /** The token the fake registered: where an answer would be recorded. */
  readonly token: string;
  readonly id: string;
}

interface Case {
  readonly kind: string;
  /** False when the id or token is unusable: the bot cannot answer and must ignore it quietly. */
  readonly answerable: boolean;
  build(ctx: Ctx): Built;
}

type Json = Record<string, unknown>;
const MANAGER = PERMS.moveMembers | EVERYONE_PERMS;

function base(ctx: Ctx, userId: string, opts: { perms?: bigint; channelId?: string | null } = {}): { fields: Json; token: string; id: string } {
  const { token, id, base: fields } = ctx.fake.interactionBase(userId, opts.perms ?? MANAGER, opts.channelId === undefined ? IDS.text : opts.channelId);
  return { fields: { ...fields }, token, id };
}

function slashData(fake: FakeDiscord, sub: string, options: unknown = [], name = 'breakouts'): Json {
  return { id: fake.id(), name, type: 1, options: [{ name: sub, type: 1, options }], resolved: {} };
}

/** A slash command whose fields are then bent by `bend`. */
function slashCase(kind: string, make: (ctx: Ctx) => { user?: string; perms?: bigint; channelId?: string | null; data: unknown; bend?: (d: Json) => void }, answerable = true): Case {
  return {
    kind,
    answerable,
    build(ctx) {
      const spec = make(ctx);
      const { fields, token, id } = base(ctx, spec.user ?? IDS.facilitator, { ...(spec.perms !== undefined ? { perms: spec.perms } : {}), ...(spec.channelId !== undefined ? { channelId: spec.channelId } : {}) });
      const d: Json = { ...fields, type: 2, data: spec.data };
      spec.bend?.(d);
      return { d, token, id };
    },
  };
}

/** A click on the board (or a DM) whose fields are then bent by `bend`. */
function clickCase(
  kind: string,
  make: (ctx: Ctx) => { user?: string; perms?: bigint; inDm?: boolean; customId: unknown; componentType?: unknown; values?: unknown; resolved?: unknown; bend?: (d: Json) => void },
  answerable = true,
): Case {
  return {
    kind,
    answerable,
    build(ctx) {
      const spec = make(ctx);
      const { fields, token, id } = base(ctx, spec.user ?? IDS.facilitator, { ...(spec.perms !== undefined ? { perms: spec.perms } : {}), channelId: spec.inDm ? null : ctx.board.channel_id });
      const data: Json = { custom_id: spec.customId, component_type: spec.componentType ?? 2 };
      if (spec.values !== undefined) data['values'] = spec.values;
      if (spec.resolved !== undefined) data['resolved'] = spec.resolved;
      const d: Json = { ...fields, type: 3, message: ctx.fake.messageJson(ctx.board), data };
      spec.bend?.(d);
      return { d, token, id };
    },
  };
}

// ---- the generators ----------------------------------------------------------------------

const someone = fc.constantFrom(IDS.facilitator, memberId(1), memberId(2), memberId(5), '499999999999999999');
const member = fc.constantFrom(memberId(1), memberId(2), memberId(3), memberId(6));
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('x', '', 42, -1, 1.5, true, null, {}, [], '__proto__', 'constructor', [null], { length: 3 }),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);
/** Integers no command accepts (rooms, counts and limits are 1–50, rooms 0–50). */
const badNumber = fc.constantFrom(0, -1, -5, 51, 99, 1000, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 1e21, 1e300, -1e300, 2.5, -0.5);
const badPermissions: fc.Arbitrary<unknown> = fc.constantFrom('abc', '-1', '1.5', '', 'NaN', '0x10', '1e3', ' 8', '８', 99, -1, 1.5, null, {}, [], true);
const readOnlySub = fc.constantFrom('status', 'help');
const unknownSub = fc.constantFrom('nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(200), 'DISTRIBUTE', 'distribute ', 'status\u0000');
const badName = fc.constantFrom('other', '', '__proto__', 'constructor', 'breakouts ', 'BREAKOUTS', 'x'.repeat(300));
const badSnowflake = fc.constantFrom('0', 'abc', '__proto__', '-1', '1'.repeat(40), '499999999999999998', '');
const optionsNotArray = fc.constantFrom<unknown>('x', 42, {}, { 0: { name: 'status', type: 1 } }, true, 'status');
/** Room values a select never offers (valid ones are main and 1–50). */
const badRoomValues = fc.constantFrom<unknown>(['x'], ['0'], ['100'], [''], [1], ['main ', '1'], 'x', {}, 5, [null], [{}], ['1'.repeat(1000)], Array.from({ length: 500 }, () => 'z'));
const badUserValues = fc.constantFrom<unknown>(['abc'], ['__proto__'], ['constructor'], [1], 'x', {}, [null], ['4'.repeat(40)], ['499999999999999997']);
const garbageCustomId: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', 'bk1', 'bk1:', 'bk1:d', 'bk1::::', 'bk1:zz:abcd:1', 'bk2:d:abcd:1', '__proto__', 'constructor', 'x'.repeat(101), 'x'.repeat(5000)),
  fc.constantFrom<unknown>(42, null, {}, [], true, ['bk1:r:abcd:1']),
);
const JSON_PROTO = [
  '{"__proto__":{"permissions":"16777216"},"roles":[],"joined_at":"2026-01-01T00:00:00.000Z","user":{"id":"410000000000000002","username":"m","discriminator":"0","global_name":null,"avatar":null}}',
] as const;

function cases(meetingId: string, layoutVersion: number): fc.Arbitrary<Case> {
  const staleVersion = fc.integer({ min: 0, max: Math.max(0, layoutVersion - 1) });
  const stateChangingLabel = fc.constantFrom('Distribute', 'Shuffle', 'Add a room', 'Apply', 'Apply and Start');
  const slashes: fc.Arbitrary<Case>[] = [
    // Valid ones that change nothing.
    fc.record({ who: someone, sub: readOnlySub, open: fc.boolean() }).map(({ who, sub, open }) =>
      slashCase(`valid /${open ? 'breakouts-me' : 'breakouts'} ${sub}`, (ctx) => ({ user: who, perms: EVERYONE_PERMS, data: slashData(ctx.fake, sub, [], open ? 'breakouts-me' : 'breakouts') })),
    ),
    fc.record({ topic: fc.string({ maxLength: 200 }) }).map(({ topic }) =>
      slashCase('valid /breakouts help topic', (ctx) => ({ data: slashData(ctx.fake, 'help', [{ name: 'topic', type: 3, value: topic }]) })),
    ),
    // The options are not an array (at the top, or under the subcommand).
    fc.record({ options: optionsNotArray }).map(({ options }) =>
      slashCase('options not an array', (ctx) => ({ data: { ...slashData(ctx.fake, 'status'), options } })),
    ),
    fc.record({ options: optionsNotArray, sub: fc.constantFrom('distribute', 'rooms', 'status', 'move') }).map(({ options, sub }) =>
      slashCase('subcommand options not an array', (ctx) => ({ data: slashData(ctx.fake, sub, options) })),
    ),
    fc.record({ option: junk }).map(({ option }) => slashCase('an option that is not an option', (ctx) => ({ data: slashData(ctx.fake, 'rooms', [option]) }))),
    // Option types that do not match the command (a string where an integer is expected …).
    fc.record({
      sub: fc.constantFrom(['distribute', 'rooms'], ['rooms', 'count'], ['phone-rooms', 'limit'], ['rename', 'room']),
      type: fc.constantFrom(3, 5, 6, 7, 8, 10, 11, 99),
      value: junk,
    }).map(({ sub: [sub, name], type, value }) =>
      slashCase(`/${sub} ${name} of type ${type}`, (ctx) => ({ data: slashData(ctx.fake, sub ?? 'rooms', [{ name, type, value }]) })),
    ),
    fc.record({ value: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom<unknown>(null, {}, [], true)) }).map(({ value }) =>
      slashCase('an integer option whose value is not a number', (ctx) => ({ data: slashData(ctx.fake, 'rooms', [{ name: 'count', type: 4, value }]) })),
    ),
    // Huge, negative and fractional numbers.
    fc.record({ sub: fc.constantFrom(['distribute', 'rooms'], ['rooms', 'count'], ['phone-rooms', 'limit']), n: badNumber }).map(({ sub: [sub, name], n }) =>
      slashCase(`/${sub} ${name}:${n}`, (ctx) => ({ data: slashData(ctx.fake, sub ?? 'rooms', [{ name, type: 4, value: n }]) })),
    ),
    fc.record({ room: badNumber, to: badNumber }).map(({ room, to }) =>
      slashCase('/rename and /move with rooms that do not exist', (ctx) => ({
        data: slashData(ctx.fake, room > 0 ? 'rename' : 'move', room > 0 ? [{ name: 'room', type: 4, value: room }, { name: 'title', type: 3, value: 'x'.repeat(5000) }] : [{ name: 'user', type: 6, value: memberId(1) }, { name: 'to', type: 4, value: to }]),
      })),
    ),
    // Users and channels that are not there.
    fc.record({ who: badSnowflake, sub: fc.constantFrom('move', 'facilitator') }).map(({ who, sub }) =>
      slashCase(`/${sub} naming an unknown user`, (ctx) => ({ data: slashData(ctx.fake, sub, [{ name: 'user', type: 6, value: who }, { name: sub === 'move' ? 'to' : 'action', type: sub === 'move' ? 4 : 3, value: sub === 'move' ? 2 : 'add' }]) })),
    ),
    fc.record({ channel: badSnowflake }).map(({ channel }) =>
      slashCase('/status naming a channel that does not exist', (ctx) => ({ data: slashData(ctx.fake, 'status', [{ name: 'channel', type: 7, value: channel }]) })),
    ),
    fc.record({ resolved: junk }).map(({ resolved }) =>
      slashCase('resolved data that is not resolved data', (ctx) => ({ data: { ...slashData(ctx.fake, 'move', [{ name: 'user', type: 6, value: memberId(1) }, { name: 'to', type: 4, value: 99 }]), resolved } })),
    ),
    fc.record({ users: junk }).map(({ users }) =>
      slashCase('resolved users that are not users', (ctx) => ({ data: { ...slashData(ctx.fake, 'move', [{ name: 'user', type: 6, value: memberId(1) }, { name: 'to', type: 4, value: 99 }]), resolved: { users: { [memberId(1)]: users } } } })),
    ),
    // Unknown commands and subcommands.
    fc.record({ sub: unknownSub }).map(({ sub }) => slashCase(`unknown subcommand ${JSON.stringify(sub).slice(0, 20)}`, (ctx) => ({ data: slashData(ctx.fake, sub) }))),
    fc.record({ name: badName }).map(({ name }) => slashCase('unknown command', (ctx) => ({ data: slashData(ctx.fake, 'status', [], name) }))),
    fc.record({ sub: fc.constantFrom('distribute', 'shuffle', 'start', 'rooms') }).map(({ sub }) =>
      slashCase(`/breakouts-me ${sub} (not an attendee command)`, (ctx) => ({ user: memberId(1), perms: EVERYONE_PERMS, data: slashData(ctx.fake, sub, [{ name: 'count', type: 4, value: 0 }], 'breakouts-me') })),
    ),
    fc.record({ type: fc.constantFrom<unknown>(2, 3, 4, 99, '1', null, -1) }).map(({ type }) =>
      slashCase(`command of type ${String(type)}`, (ctx) => ({ data: { ...slashData(ctx.fake, 'status'), type, target_id: memberId(1) } })),
    ),
    fc.record({ data: junk }).map(({ data }) => slashCase('data that is not command data', () => ({ data }))),
    fc.record({ options: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), type: fc.integer({ min: -1, max: 12 }), value: junk }), { minLength: 50, maxLength: 400 }) }).map(({ options }) =>
      slashCase('hundreds of options', (ctx) => ({ data: slashData(ctx.fake, 'rooms', options) })),
    ),
    // Who is asking: no member and no user, a member without a user, permissions that are not a bitfield.
    fc.record({ drop: fc.constantFrom('member', 'member.user', 'both') }).map(({ drop }) =>
      slashCase(`missing ${drop}`, (ctx) => ({
        data: slashData(ctx.fake, 'status'),
        bend: (d) => {
          if (drop === 'member' || drop === 'both') delete d['member'];
          if (drop === 'both') delete d['user'];
          if (drop === 'member.user') d['member'] = { roles: [], permissions: '0', joined_at: '2026-01-01T00:00:00.000Z' };
        },
      })),
    ),
    fc.record({ user: junk }).map(({ user }) =>
      slashCase('a member whose user is not a user', (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void (d['member'] = { roles: [], permissions: '0', joined_at: '2026-01-01T00:00:00.000Z', user }) })),
    ),
    fc.record({ perms: badPermissions, where: fc.constantFrom('member', 'app') }).map(({ perms, where }) =>
      slashCase(`${where} permissions ${JSON.stringify(perms)}`, (ctx) => ({
        data: slashData(ctx.fake, 'status'),
        bend: (d) => {
          if (where === 'app') d['app_permissions'] = perms;
          else d['member'] = { ...(d['member'] as Json), permissions: perms };
        },
      })),
    ),
    fc.record({ roles: junk }).map(({ roles }) => slashCase('member roles that are not roles', (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void (d['member'] = { ...(d['member'] as Json), roles }) }))),
    // Where it comes from: a DM, an unknown channel, a channel that is not a channel, another guild, another app.
    fc.record({ sub: fc.constantFrom('status', 'distribute', 'help') }).map(({ sub }) =>
      slashCase(`/${sub} in a DM`, (ctx) => ({ channelId: null, data: slashData(ctx.fake, sub, sub === 'distribute' ? [{ name: 'rooms', type: 4, value: 0 }] : []) })),
    ),
    fc.record({ channel: fc.constantFrom<unknown>(undefined, 'x', null, 42, {}, { id: '399999999999999999', type: 0 }, { id: '399999999999999999', type: 4 }, { type: 2 }, { id: IDS.voice, type: 'voice' }) }).map(({ channel }) =>
      slashCase(`channel ${JSON.stringify(channel)}`, (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void ((d['channel'] = channel), (d['channel_id'] = '399999999999999999')) })),
    ),
    fc.record({ guild: fc.constantFrom<unknown>('299999999999999999', 'x', 42, null, '') }).map(({ guild }) =>
      slashCase(`guild_id ${JSON.stringify(guild)}`, (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void (d['guild_id'] = guild) })),
    ),
    fc.record({ app: fc.constantFrom<unknown>('1', 'x', `${IDS.app}0`, 42, null, '') }).map(({ app }) =>
      slashCase(`application_id ${JSON.stringify(app)}`, (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void (d['application_id'] = app) })),
    ),
    fc.record({ field: fc.constantFrom('locale', 'entitlements', 'context', 'authorizing_integration_owners', 'version', 'guild_locale'), value: junk }).map(({ field, value }) =>
      slashCase(`${field} ${JSON.stringify(value)?.slice(0, 20)}`, (ctx) => ({ data: slashData(ctx.fake, 'status'), bend: (d) => void (d[field] = value) })),
    ),
    // __proto__ keys (own properties, as JSON.parse makes them).
    fc.constantFrom('data', 'option', 'member', 'resolved', 'top').map((where) =>
      slashCase(`__proto__ in ${where}`, (ctx) => ({
        data:
          where === 'data'
            ? JSON.parse(`{"id":"${ctx.fake.id()}","name":"breakouts","type":1,"options":[{"name":"rooms","type":1,"options":[]}],"__proto__":{"options":"x"}}`)
            : where === 'option'
              ? slashData(ctx.fake, 'rooms', JSON.parse('[{"name":"__proto__","type":4,"value":3},{"__proto__":{"name":"count"},"type":4,"value":3}]'))
              : where === 'resolved'
                ? { ...slashData(ctx.fake, 'move', [{ name: 'user', type: 6, value: '__proto__' }, { name: 'to', type: 4, value: 1 }]), resolved: JSON.parse('{"users":{"__proto__":{"id":"1","username":"x"}},"members":{"__proto__":{"roles":[]}}}') }
                : slashData(ctx.fake, 'status'),
        bend: (d) => {
          if (where === 'member') d['member'] = JSON.parse(JSON_PROTO[0]);
          if (where === 'top') Object.assign(d, JSON.parse('{"__proto__":{"type":3,"data":{"custom_id":"bk1:d:x:1"}}}'));
        },
      })),
    ),
    // Interaction types Breakouts does not use.
    fc.record({ type: fc.constantFrom<unknown>(1, 4, 5, 6, 99, '2', null, 2.5, -2) }).map(({ type }) =>
      slashCase(`interaction type ${JSON.stringify(type)}`, (ctx) => ({
        data: type === 4 ? slashData(ctx.fake, 'help', [{ name: 'topic', type: 3, value: 'di', focused: true }]) : type === 5 ? { custom_id: 'x', components: [] } : slashData(ctx.fake, 'status'),
        bend: (d) => void (d['type'] = type),
      })),
    ),
    fc.record({ components: junk }).map(({ components: c }) =>
      slashCase('a modal submit with junk components', () => ({ data: { custom_id: 'bk1:r:x:1', components: c }, bend: (d) => void (d['type'] = 5) })),
    ),
    // Ids and tokens that cannot be answered: ignored quietly.
    fc
      .oneof(
        fc.record({ field: fc.constant('id'), value: fc.constantFrom<unknown>(undefined, 42, null, '', 'a/b', 'x y', {}, 'abc', '12/../34') }),
        fc.record({ field: fc.constant('token'), value: fc.constantFrom<unknown>(undefined, 42, null, '', 'a/b', '../../x', '..', 'x y', 'a?b', 'a#b', '%2e%2e', {}, 'x'.repeat(1001)) }),
      )
      .map(({ field, value }) =>
        slashCase(
          `${field} ${JSON.stringify(value)?.slice(0, 20)}`,
          (ctx) => ({
            data: slashData(ctx.fake, 'status'),
            bend: (d) => {
              if (value === undefined) delete d[field];
              else d[field] = value;
            },
          }),
          false,
        ),
      ),
  ];

  const clicks: fc.Arbitrary<Case>[] = [
    // Valid clicks that change nothing: pages, refresh, the audio picker, the move picker.
    fc.record({ who: someone, page: fc.constantFrom('1', '2', '9', '999') }).map(({ who, page }) =>
      clickCase('valid page click', (ctx) => ({ user: who, perms: EVERYONE_PERMS, customId: encodeAction({ verb: 'page', meetingId: ctx.meeting.id, version: ctx.meeting.version, args: [page] }) })),
    ),
    fc.record({ who: someone }).map(({ who }) => clickCase('valid refresh / My audio click', (ctx) => ({ user: who, perms: EVERYONE_PERMS, customId: who === IDS.facilitator ? ctx.ids['refresh'] : ctx.ids['My audio'] }))),
    fc.record({ pick: member }).map(({ pick }) => clickCase('valid move picker', (ctx) => ({ customId: ctx.ids['select'], componentType: 5, values: [pick] }))),
    // Board buttons that change things, pressed by someone who may not: refused.
    fc.record({ label: stateChangingLabel, who: member }).map(({ label, who }) =>
      clickCase(`${label} by a member who is not a facilitator`, (ctx) => ({ user: who, perms: EVERYONE_PERMS, customId: ctx.ids[label] })),
    ),
    fc.record({ pick: member, who: member }).map(({ pick, who }) =>
      clickCase('move picker by a member who is not a facilitator', (ctx) => ({ user: who, perms: EVERYONE_PERMS, customId: ctx.ids['select'], componentType: 5, values: [pick] })),
    ),
    // Tampered action ids: an older version, another meeting, another prefix or verb, junk args.
    fc.record({ verb: fc.constantFrom('distribute', 'apply', 'start', 'add-room') as fc.Arbitrary<'distribute' | 'apply' | 'start' | 'add-room'>, version: staleVersion }).map(({ verb, version }) =>
      clickCase(`${verb} from an older board`, (ctx) => ({ customId: encodeAction({ verb, meetingId: ctx.meeting.id, version, args: [] }) })),
    ),
    fc.record({ other: fc.stringMatching(/^[a-z0-9]{4,12}$/), verb: fc.constantFrom('distribute', 'shuffle', 'page', 'refresh', 'join') as fc.Arbitrary<'distribute' | 'shuffle' | 'page' | 'refresh' | 'join'> }).map(({ other, verb }) =>
      clickCase(`${verb} of another meeting`, (ctx) => ({ customId: encodeAction({ verb, meetingId: other === ctx.meeting.id ? `${other.slice(0, 3)}zz` : other, version: ctx.meeting.version, args: [] }) })),
    ),
    fc.record({ cut: fc.nat(), swap: fc.constantFrom('bk2', 'BK1', 'bk1 ', 'zz', '', '::') }).map(({ cut, swap }) =>
      clickCase('a board id with its prefix or verb changed', (ctx) => {
        const parts = (ctx.ids['Distribute'] ?? '').split(':');
        parts[cut % 2] = swap;
        return { customId: parts.join(':') };
      }),
    ),
    // (The codec ignores arguments a verb does not use, so the junk always holds a character no argument may.)
    fc.record({ tail: fc.string({ maxLength: 120 }) }).map(({ tail }) => clickCase('a board id with junk appended', (ctx) => ({ customId: `${ctx.ids['Add a room']}:${tail}%` }))),
    fc.record({ audio: fc.constantFrom('loud', '__proto__', 'PHONE', '') }).map(({ audio }) =>
      clickCase('an audio choice that does not exist', (ctx) => ({ customId: `bk1:au:${ctx.meeting.id}:${ctx.meeting.version.toString(36)}:${audio}` })),
    ),
    fc.record({ id: garbageCustomId }).map(({ id }) => clickCase('a custom_id that is junk', () => ({ customId: id }))),
    // Component types and values that do not fit.
    fc.record({ type: fc.constantFrom<unknown>(99, 4, 1, 0, '2', null, 6, 7, 8, 17, -1), values: fc.option(junk, { nil: undefined }) }).map(({ type, values }) =>
      clickCase(`component type ${JSON.stringify(type)}`, (ctx) => ({ customId: ctx.ids['refresh'], componentType: type, values })),
    ),
    fc.record({ values: badRoomValues, who: fc.constantFrom(memberId(1), memberId(2)) }).map(({ values, who }) =>
      clickCase('a room select with values that are not rooms', (ctx) => ({ customId: encodeAction({ verb: 'move-pick', meetingId: ctx.meeting.id, version: ctx.meeting.version, args: [who] }), componentType: 3, values })),
    ),
    fc.record({ values: badUserValues, resolved: fc.option(junk, { nil: undefined }) }).map(({ values, resolved }) =>
      clickCase('a user select with values that are not people', (ctx) => ({ customId: ctx.ids['select'], componentType: 5, values, resolved })),
    ),
    // The message it sits on, who clicks, where.
    fc.record({ message: fc.oneof(junk, fc.constantFrom<unknown>(undefined, { id: '1' }, { components: 'x' }, { flags: 'abc' }, { author: null }, { embeds: 'x' })) }).map(({ message }) =>
      clickCase(`message ${JSON.stringify(message)?.slice(0, 20)}`, (ctx) => ({
        customId: ctx.ids['refresh'],
        bend: (d) => void (d['message'] = message === undefined || message === null || typeof message !== 'object' || Array.isArray(message) ? message : { ...ctx.fake.messageJson(ctx.board), ...message }),
      })),
    ),
    fc.record({ label: fc.constantFrom('Distribute', 'Join', 'My audio', 'refresh') }).map(({ label }) =>
      clickCase(`${label} clicked in a DM`, (ctx) => ({ inDm: true, user: memberId(1), customId: ctx.ids[label] })),
    ),
    fc.record({ drop: fc.constantFrom('member', 'both'), perms: badPermissions }).map(({ drop, perms }) =>
      clickCase(`a click with ${drop} missing or permissions ${JSON.stringify(perms)}`, (ctx) => ({
        customId: ctx.ids['Distribute'],
        bend: (d) => {
          if (drop === 'both') {
            delete d['member'];
            delete d['user'];
          } else d['member'] = { ...(d['member'] as Json), permissions: perms };
        },
      })),
    ),
    fc.record({ channel: fc.constantFrom<unknown>('x', { id: '399999999999999999', type: 4 }, { id: IDS.voice, type: 2 }, { id: '399999999999999999', type: 0 }) }).map(({ channel }) =>
      clickCase(`a click from channel ${JSON.stringify(channel)}`, (ctx) => ({ customId: ctx.ids['Distribute'], bend: (d) => void ((d['channel'] = channel), (d['channel_id'] = typeof channel === 'object' && channel !== null && 'id' in channel ? channel.id : 'x')) })),
    ),
    fc.record({ app: fc.constantFrom<unknown>('1', `${IDS.app}0`, null) }).map(({ app }) =>
      clickCase(`a click for application ${JSON.stringify(app)}`, (ctx) => ({ customId: ctx.ids['Distribute'], bend: (d) => void (d['application_id'] = app) })),
    ),
    fc.constantFrom('custom_id', 'values', 'message').map((where) =>
      clickCase(`__proto__ in a click's ${where}`, (ctx) => ({
        customId: where === 'custom_id' ? '__proto__' : ctx.ids['select'],
        componentType: 5,
        values: where === 'values' ? JSON.parse('["__proto__"]') : [memberId(1)],
        bend: (d) => {
          if (where === 'message') d['message'] = { ...ctx.fake.messageJson(ctx.board), ...JSON.parse('{"__proto__":{"flags":64}}') };
        },
      })),
    ),
    fc.record({ field: fc.constantFrom('id', 'token'), value: fc.constantFrom<unknown>(undefined, 42, null, 'a/b', '') }).map(({ field, value }) =>
      clickCase(
        `a click with ${field} ${JSON.stringify(value)}`,
        (ctx) => ({
          customId: ctx.ids['Distribute'],
          bend: (d) => {
            if (value === undefined) delete d[field];
            else d[field] = value;
          },
        }),
        false,
      ),
    ),
  ];
  return fc.oneof(...slashes, ...clicks);
}

// ---- the run -----------------------------------------------------------------------------

interface Sent {
  readonly kind: string;
  readonly answerable: boolean;
  readonly token: string;
  readonly id: string;
}

describe('hostile interactions', () => {
  test(`${PAYLOADS} generated interactions, broken and valid, are each answered within 3 s, change nothing and leave no unhandled rejection`, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const say = (what: string): string => `seed ${SEED} (replay with BREAKOUTS_FUZZ_SEED=${SEED}): ${what}`;
    try {
      h = await startHarness({ members: 6 });
      const { fake } = h;
      const meeting = await settledMeeting(h);
      const board = fake.channelMessages(IDS.text)[0]!;
      const ids: Record<string, string> = { refresh: encodeAction({ verb: 'refresh', meetingId: meeting.id, version: meeting.version, args: [] }), select: idOf(board, 5) };
      for (const c of components(board)) if (c.label && c.custom_id) ids[c.label] = c.custom_id;
      const ctx: Ctx = { fake, board, meeting, ids };
      const before = structuredClone(meeting);

      const generated = fc.sample(cases(meeting.id, meeting.layoutVersion), { seed: SEED, numRuns: PAYLOADS });
      const sent: Sent[] = [];
      for (let at = 0; at < generated.length; at += BATCH) {
        const batch = generated.slice(at, at + BATCH).map((c) => {
          const built = c.build(ctx);
          fake.dispatch('INTERACTION_CREATE', built.d);
          return { kind: c.kind, answerable: c.answerable, token: built.token, id: built.id };
        });
        sent.push(...batch);
        // Every answerable interaction gets its first answer, and a deferred one its final text.
        await waitFor(
          say(`answers to batch ${at / BATCH}`),
          () =>
            batch.every((s) => {
              if (!s.answerable) return true;
              const r = fake.responses.get(s.token);
              const first = r?.callbacks[0];
              if (!first) return false;
              return first.type !== 5 && first.type !== 6 ? true : Boolean(r.original && (r.original.content !== '' || r.original.embeds.length > 0));
            }),
          15_000,
        ).catch((error: unknown) => {
          const missing = batch.filter((s) => s.answerable && !fake.responses.get(s.token)?.callbacks.length).map((s) => s.kind);
          throw new Error(`${String(error)}; never answered: ${JSON.stringify(missing.slice(0, 10))}`);
        });
        expect(await meetingIn(h), say(`the meeting changed during batch ${at / BATCH}: ${batch.map((b) => b.kind).join(" | ")}`)).toEqual(before);
      }

      const late = sent.flatMap((s) => {
        const r = fake.responses.get(s.token);
        const first = r?.callbacks[0];
        if (!s.answerable || !first || r.dispatchedAt === undefined) return [];
        const took = first.at - r.dispatchedAt;
        return took > DEADLINE_MS ? [`${s.kind}: ${Math.round(took)} ms`] : [];
      });
      expect(late, say('answered after the 3 s deadline')).toEqual([]);
      const ignoredButAnswered = sent.filter((s) => !s.answerable && fake.calls.some((c) => c.path.startsWith(`/interactions/${s.id}/`))).map((s) => s.kind);
      expect(ignoredButAnswered, say('answered an interaction whose id or token is unusable')).toEqual([]);
      const sorry = sent.filter((s) => {
        const r = fake.responses.get(s.token);
        const texts = [r?.original?.content ?? '', ...(r?.callbacks.map((c) => JSON.stringify(c.data ?? '')) ?? [])];
        return texts.some((t) => t.includes(SORRY_MARK));
      });
      expect(sorry.map((s) => s.kind), say(`bad input answered with the apology meant for our own bugs; logged: ${h.logs.filter((l) => l.includes('interaction failed')).slice(0, 3).join('\n')}`)).toEqual([]);
      const serverErrors = fake.calls.filter((c) => (c.status ?? 0) >= 500).map((c) => `${c.method} ${c.path} ${c.status}`);
      expect(serverErrors, say('requests the fake could not read')).toEqual([]);

      // The bot is still alive and still acts on a valid command.
      const reply = await slash(h, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }]);
      expect(reply, say('the bot after the storm')).not.toContain(SORRY_MARK);
      expect((await meetingIn(h)).rooms.length, say('the bot after the storm')).toBe(3);
      expect(h.logs.join('\n'), say('the token in the logs')).not.toContain(TOKEN);
      expect(h.logs.filter((l) => /unhandled/i.test(l)), say('logged as unhandled')).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections.map((r) => (r instanceof Error ? r.message : String(r))), say('unhandled rejections')).toEqual([]);
  }, 120_000);

  test('an interaction discord.js cannot even build is answered with the sentence that nothing was changed', async () => {
    h = await startHarness();
    const { fake } = h;
    const { token, base: fields } = fake.interactionBase(IDS.facilitator, MANAGER, IDS.text);
    fake.dispatch('INTERACTION_CREATE', { ...fields, type: 2, app_permissions: 'abc', data: { id: fake.id(), name: 'breakouts', type: 1, options: 'x' } });
    const answer = await waitFor('the answer', () => fake.responses.get(token)?.callbacks[0]);
    expect(answer).toMatchObject({ type: 4, data: { content: NOT_UNDERSTOOD, flags: 64 } });
  });

  test('an option of the wrong type is answered as not understood, not as our failure, and changes nothing', async () => {
    h = await startHarness();
    const { fake } = h;
    const before = await settledMeeting(h);
    const reply = await slash(h, IDS.facilitator, 'rooms', [{ name: 'count', type: 3, value: 'three' }]);
    expect(reply).toBe(NOT_UNDERSTOOD);
    expect(await meetingIn(h)).toEqual(before);
    expect(fake.calls.filter((c) => (c.status ?? 0) >= 500)).toEqual([]);
  });

  test('permissions discord.js would read leniently (a flag name) are refused before anything acts', async () => {
    h = await startHarness();
    const { fake } = h;
    const before = await settledMeeting(h);
    const { token, base: fields } = fake.interactionBase(memberId(1), EVERYONE_PERMS, IDS.text);
    const member = { ...((fields as Json)['member'] as Json), permissions: 'MoveMembers' };
    fake.dispatch('INTERACTION_CREATE', { ...fields, member, type: 2, data: slashData(fake, 'shuffle') });
    const answer = await waitFor('the answer', () => fake.responses.get(token)?.callbacks[0]);
    expect(answer).toMatchObject({ type: 4, data: { content: NOT_UNDERSTOOD, flags: 64 } });
    expect(await meetingIn(h)).toEqual(before);
  });

  test('kinds of interaction Breakouts does not use are answered the way Discord accepts: a pong, no choices, or the sentence', async () => {
    h = await startHarness();
    const { fake } = h;
    const send = (type: number, data: unknown): string => {
      const { token, base: fields } = fake.interactionBase(IDS.facilitator, MANAGER, IDS.text);
      fake.dispatch('INTERACTION_CREATE', { ...fields, type, data });
      return token;
    };
    const command = { id: fake.id(), name: 'breakouts', type: 1, options: [{ name: 'help', type: 1, options: [{ name: 'topic', type: 3, value: 'di', focused: true }] }] };
    const tokens = { ping: send(1, undefined), autocomplete: send(4, command), modal: send(5, { custom_id: 'x', components: [] }), unknown: send(42, command) };
    const first = async (token: string) => waitFor(`answer to ${token}`, () => fake.responses.get(token)?.callbacks[0]);
    expect(await first(tokens.ping)).toMatchObject({ type: 1 });
    expect(await first(tokens.autocomplete)).toMatchObject({ type: 8, data: { choices: [] } });
    expect(await first(tokens.modal)).toMatchObject({ type: 4, data: { content: NOT_UNDERSTOOD, flags: 64 } });
    expect(await first(tokens.unknown)).toMatchObject({ type: 4, data: { content: NOT_UNDERSTOOD, flags: 64 } });
  });

  test('an interaction whose token would change the callback route is ignored, and the bot goes on answering', async () => {
    h = await startHarness();
    const { fake } = h;
    const { id, base: fields } = fake.interactionBase(IDS.facilitator, MANAGER, IDS.text);
    fake.dispatch('INTERACTION_CREATE', { ...fields, token: '../../channels/1/messages', type: 2, data: slashData(fake, 'status') });
    expect(await slash(h, IDS.facilitator, 'help')).toContain('/breakouts');
    expect(fake.calls.filter((c) => c.path.includes(id) || c.path.includes('/channels/1/'))).toEqual([]);
    expect(h.logs.some((l) => l.includes('no usable id or token'))).toBe(true);
  });
});
