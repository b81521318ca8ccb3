// A Block Kit limit checker for tests: walks a message or modal and lists every place that
// breaks a limit from SLACK_LIMITS (what Slack's server would refuse with invalid_blocks).
import { z } from 'zod';
import { SLACK_LIMITS as L } from '../../../adapters/slack/limits.ts';

const Text = z.object({ type: z.string(), text: z.string() });
const Option = z.object({ text: Text, value: z.string(), description: Text.optional() });
const Confirm = z.object({ title: Text, text: Text, confirm: Text, deny: Text });
const Element = z
  .object({
    type: z.string(),
    action_id: z.string().optional(),
    text: Text.optional(),
    value: z.string().optional(),
    url: z.string().optional(),
    placeholder: Text.optional(),
    options: z.array(Option).optional(),
    option_groups: z.array(z.object({ label: Text, options: z.array(Option) })).optional(),
    initial_option: Option.optional(),
    confirm: Confirm.optional(),
  })
  .loose();
const Block = z
  .object({
    type: z.string(),
    block_id: z.string().optional(),
    text: Text.optional(),
    fields: z.array(Text).optional(),
    elements: z.array(z.unknown()).optional(),
    accessory: Element.optional(),
  })
  .loose();

const InputBlock = z.object({
  label: Text,
  element: z.object({ type: z.string(), max_length: z.number().optional(), initial_value: z.string().optional(), max_files: z.number().optional() }).loose(),
});

export interface Report {
  readonly problems: string[];
  /** Characters of text in all blocks (the undocumented aggregate limit). */
  readonly chars: number;
  readonly actionIds: string[];
}

function checkBlocks(blocks: unknown, maxBlocks: number, where: string): Report {
  const problems: string[] = [];
  const actionIds: string[] = [];
  const blockIds = new Set<string>();
  let chars = 0;
  const list = z.array(z.unknown()).parse(blocks);
  if (list.length > maxBlocks) problems.push(`${where}: ${list.length} blocks > ${maxBlocks}`);
  const text = (t: z.infer<typeof Text> | undefined, max: number, what: string): void => {
    if (!t) return;
    chars += t.text.length;
    if (t.text.length > max) problems.push(`${where}: ${what} ${t.text.length} chars > ${max}`);
    if (t.text.length === 0) problems.push(`${where}: ${what} is empty`);
  };
  const option = (o: z.infer<typeof Option>, what: string): void => {
    text(o.text, L.optionText, `${what} option text`);
    if (o.value.length > L.optionValue) problems.push(`${where}: ${what} option value ${o.value.length} > ${L.optionValue}`);
  };
  const element = (raw: unknown, what: string): void => {
    const e = Element.parse(raw);
    if (e.action_id !== undefined) {
      actionIds.push(e.action_id);
      if (e.action_id.length > L.actionId) problems.push(`${where}: action_id ${e.action_id.length} > ${L.actionId}`);
    }
    if (e.type === 'button') {
      text(e.text, L.buttonText, `${what} button text`);
      if (e.value && e.value.length > L.buttonValue) problems.push(`${where}: button value too long`);
    }
    text(e.placeholder, L.placeholder, `${what} placeholder`);
    if (e.options) {
      if (e.options.length > L.selectOptions) problems.push(`${where}: ${e.options.length} options > ${L.selectOptions}`);
      e.options.forEach((o) => option(o, what));
    }
    if (e.option_groups) {
      if (e.option_groups.length > L.optionGroups) problems.push(`${where}: ${e.option_groups.length} option groups`);
      for (const g of e.option_groups) {
        text(g.label, L.optionText, 'group label');
        if (g.options.length > L.selectOptions) problems.push(`${where}: group with ${g.options.length} options`);
        g.options.forEach((o) => option(o, what));
      }
    }
    if (e.confirm) {
      text(e.confirm.title, L.confirmTitle, 'confirm title');
      text(e.confirm.text, L.confirmText, 'confirm text');
      text(e.confirm.confirm, L.confirmButton, 'confirm button');
      text(e.confirm.deny, L.confirmButton, 'deny button');
    }
  };
  list.forEach((raw, i) => {
    const b = Block.parse(raw);
    const what = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      if (b.block_id.length > L.blockId) problems.push(`${where}: ${what} block_id too long`);
      if (blockIds.has(b.block_id)) problems.push(`${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'header') text(b.text, L.headerText, `${what} header`);
    else text(b.text, L.sectionText, `${what} text`);
    if (b.fields && b.fields.length > 10) problems.push(`${where}: ${what} has ${b.fields.length} fields`);
    if (b.type === 'context') {
      if ((b.elements ?? []).length > L.contextElements) problems.push(`${where}: ${what} has ${(b.elements ?? []).length} elements`);
      for (const e of b.elements ?? []) text(Text.parse(e), L.sectionText, `${what} element`);
    }
    if (b.type === 'actions') {
      if ((b.elements ?? []).length > L.actionsElements) problems.push(`${where}: ${what} has ${(b.elements ?? []).length} elements`);
      (b.elements ?? []).forEach((e) => element(e, what));
    }
    if (b.accessory) element(b.accessory, `${what} accessory`);
    if (b.type === 'input') {
      const input = InputBlock.parse(raw);
      text(input.label, L.inputLabel, `${what} label`);
      element(input.element, `${what} element`);
      const max = input.element.max_length;
      if (max !== undefined && max > L.textInput) problems.push(`${where}: ${what} max_length ${max} > ${L.textInput}`);
      if (input.element.initial_value !== undefined && input.element.initial_value.length > (max ?? L.textInput)) problems.push(`${where}: ${what} initial_value longer than its max_length`);
      // A file_input takes 1 to 10 files.
      const files = input.element.max_files;
      if (input.element.type === 'file_input' && files !== undefined && (files < 1 || files > 10)) problems.push(`${where}: ${what} max_files ${files} outside 1..10`);
    }
  });
  const seen = new Set<string>();
  for (const id of actionIds) {
    if (seen.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
    seen.add(id);
  }
  return { problems, chars, actionIds };
}

export function checkMessage(message: { text: string; blocks?: unknown }, where = 'message'): Report {
  const report = message.blocks ? checkBlocks(message.blocks, L.messageBlocks, where) : { problems: [], chars: 0, actionIds: [] };
  const problems = [...report.problems];
  if (message.text.length > L.messageText) problems.push(`${where}: text ${message.text.length} > ${L.messageText}`);
  if (report.chars > L.messageBlockChars) problems.push(`${where}: ${report.chars} chars of block text > ${L.messageBlockChars}`);
  return { ...report, problems };
}

const Modal = z.object({
  type: z.literal('modal'),
  title: Text,
  close: Text.optional(),
  submit: Text.optional(),
  callback_id: z.string().optional(),
  private_metadata: z.string().optional(),
  blocks: z.array(z.unknown()),
});

export function checkModal(view: unknown, where = 'modal'): Report {
  const v = Modal.parse(view);
  const report = checkBlocks(v.blocks, L.modalBlocks, where);
  const problems = [...report.problems];
  for (const [name, t] of [['title', v.title], ['close', v.close], ['submit', v.submit]] as const) {
    if (t && t.text.length > L.modalTitle) problems.push(`${where}: ${name} ${t.text.length} > ${L.modalTitle}`);
  }
  if ((v.private_metadata ?? '').length > L.privateMetadata) problems.push(`${where}: private_metadata too long`);
  if ((v.callback_id ?? '').length > L.callbackId) problems.push(`${where}: callback_id too long`);
  return { ...report, problems };
}
