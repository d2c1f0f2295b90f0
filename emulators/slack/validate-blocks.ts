/**
 * The Block Kit rules a webhook enforces (reference/slack.md §2): at most 50 blocks, text objects of
 * 1–3000 characters, typed text objects, at most 10 context elements, button labels up to 75
 * characters and URLs up to 3000. A violation is `400 invalid_blocks`, as Slack answers.
 */
export function blocksProblem(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > 50) return 'no more than 50 blocks';
  for (const [i, block] of blocks.entries()) {
    if (!block || typeof block !== 'object') return `block ${i} is not an object`;
    const b = block as Record<string, unknown>;
    switch (b['type']) {
      case 'section': {
        const p = textObjectProblem(b['text'], 3000);
        if (p) return `block ${i}: ${p}`;
        break;
      }
      case 'context': {
        const els = b['elements'];
        if (!Array.isArray(els) || els.length === 0 || els.length > 10) return `block ${i}: context needs 1–10 elements`;
        for (const el of els) {
          const p = textObjectProblem(el, 3000);
          if (p) return `block ${i}: ${p}`;
        }
        break;
      }
      case 'actions': {
        const els = b['elements'];
        if (!Array.isArray(els) || els.length === 0 || els.length > 25) return `block ${i}: actions needs 1–25 elements`;
        for (const el of els as Record<string, unknown>[]) {
          if (el['type'] !== 'button') return `block ${i}: only buttons are emulated`;
          const t = el['text'] as Record<string, unknown> | undefined;
          if (t?.['type'] !== 'plain_text') return `block ${i}: button text must be plain_text`;
          const p = textObjectProblem(t, 75);
          if (p) return `block ${i}: ${p}`;
          if (el['url'] !== undefined && (typeof el['url'] !== 'string' || el['url'].length > 3000)) return `block ${i}: button url up to 3000 characters`;
        }
        break;
      }
      case 'divider':
        break;
      case 'header': {
        const p = textObjectProblem(b['text'], 150);
        if (p) return `block ${i}: ${p}`;
        break;
      }
      default:
        return `block ${i}: unsupported type ${String(b['type'])}`;
    }
  }
  return undefined;
}

function textObjectProblem(obj: unknown, max: number): string | undefined {
  if (!obj || typeof obj !== 'object') return 'missing text object';
  const o = obj as Record<string, unknown>;
  if (o['type'] !== 'mrkdwn' && o['type'] !== 'plain_text') return 'text object type must be mrkdwn or plain_text';
  if (typeof o['text'] !== 'string' || o['text'].length < 1) return 'text must be a non-empty string';
  if (o['text'].length > max) return `text longer than ${max} characters`;
  return undefined;
}
