/**
 * Checks a message, modal or App Home against Slack's limits. Tests run every
 * view they build through it; the app uses it to refuse to send something
 * Slack would reject with invalid_blocks.
 */
import { limits } from './text.ts';

export type Surface = 'message' | 'modal' | 'home';

export function limitProblems(
  surface: Surface,
  payload: { blocks?: unknown[]; title?: unknown; text?: unknown; private_metadata?: unknown },
): string[] {
  const problems: string[] = [];
  const blocks = payload.blocks ?? [];
  const maxBlocks = surface === 'message' ? limits.messageBlocks : limits.surfaceBlocks;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (at most ${maxBlocks} in a ${surface})`);
  if (surface === 'modal') {
    const title = (payload.title as { text?: string } | undefined)?.text ?? '';
    if ([...title].length > limits.modalTitle)
      problems.push(`modal title "${title}" is longer than ${limits.modalTitle}`);
    if (typeof payload.private_metadata === 'string' && payload.private_metadata.length > limits.privateMetadata)
      problems.push('private_metadata too long');
  }
  if (typeof payload.text === 'string' && payload.text.length > 40_000) problems.push('message text longer than 40000');
  walk(blocks, '', problems);
  return problems;
}

function walk(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}[${i}]`, problems));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if ((obj.type === 'plain_text' || obj.type === 'mrkdwn') && typeof obj.text === 'string') {
    const max = path.endsWith('.fields') || /\.fields\[\d+\]$/.test(path) ? limits.fieldText : limits.text;
    if ([...obj.text].length > max) problems.push(`${path}: text of ${obj.text.length} characters (at most ${max})`);
    if (obj.text.length === 0) problems.push(`${path}: empty text`);
  }
  if (obj.type === 'button') {
    const text = (obj.text as { text?: string } | undefined)?.text ?? '';
    if ([...text].length > limits.buttonText)
      problems.push(`${path}: button text "${text}" longer than ${limits.buttonText}`);
    if (typeof obj.value === 'string' && obj.value.length > limits.actionValue)
      problems.push(`${path}: button value too long`);
  }
  if (obj.type === 'actions' && Array.isArray(obj.elements) && obj.elements.length > limits.actionsElements)
    problems.push(`${path}: more than ${limits.actionsElements} elements`);
  if (obj.type === 'context' && Array.isArray(obj.elements) && obj.elements.length > limits.contextElements)
    problems.push(`${path}: more than ${limits.contextElements} context elements`);
  if (obj.type === 'section' && Array.isArray(obj.fields) && obj.fields.length > limits.sectionFields)
    problems.push(`${path}: more than ${limits.sectionFields} fields`);
  if (obj.type === 'header') {
    const text = (obj.text as { text?: string } | undefined)?.text ?? '';
    if ([...text].length > limits.headerText) problems.push(`${path}: header longer than ${limits.headerText}`);
  }
  if (Array.isArray(obj.options)) {
    for (const [i, option] of (obj.options as Array<{ text?: { text?: string }; value?: string }>).entries()) {
      if ([...(option.text?.text ?? '')].length > limits.optionText)
        problems.push(`${path}.options[${i}]: option text longer than ${limits.optionText}`);
    }
  }
  for (const [key, value] of Object.entries(obj))
    if (typeof value === 'object') walk(value, `${path}.${key}`, problems);
}
