import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { listen, sendJson, type Listening } from '../kit/http.js';
import { SlidingWindow } from '../kit/rate-window.js';
import { FaultScript } from '../kit/script.js';
import { Waiters } from '../kit/waiters.js';
import { checkRun, type CardMention } from './validate-run.js';

/**
 * A stand-in for Teams Workflows webhooks (reference/teams.md §1.2, §9). Both URL shapes —
 * `/workflows/<id>/triggers/manual/paths/invoke` (logic.azure.com) and
 * `/powerautomate/automations/direct/workflows/<id>/…` (api.powerplatform.com) — with their `sig`
 * checked. An accepted request gets `202` and no body at once; the flow's "run" happens afterwards
 * and records a failure exactly where the real flow would fail silently (`validate-run.ts`). Tests
 * assert that no run failed. More than 4 requests per second per workflow get 429 + Retry-After.
 */
export type WorkflowShape = 'logic' | 'powerplatform';
export type WorkflowState = 'Enabled' | 'Disabled' | 'Deleted';

interface Workflow {
  id: string;
  sig: string;
  shape: WorkflowShape;
  channel: string;
  state: WorkflowState;
}

export interface TeamsRun {
  id: string;
  workflowId: string;
  channel: string;
  status: 'Succeeded' | 'Failed';
  /** Why the run failed (undefined when it succeeded). */
  error: string | undefined;
  /** The request body as received (parsed when it was JSON). */
  payload: unknown;
  /** What Teams would render: every text of the card, and the mentions it would notify. */
  texts: string[];
  mentions: CardMention[];
  receivedAt: number;
}

export interface TeamsEmulatorOptions {
  port?: number;
  /** Requests allowed per workflow in any `windowMs` (default 4 per 1000 ms, Learn's figure). */
  ratePerWindow?: number;
  windowMs?: number;
  /** How long after the 202 the run finishes (default 10 ms): the sender never waits for it. */
  runDelayMs?: number;
  now?: () => number;
}

const PATH = /^(\/powerautomate\/automations\/direct)?\/workflows\/([^/]+)\/triggers\/([^/]+)\/paths\/invoke\/?$/;

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export class TeamsEmulator {
  readonly runs: TeamsRun[] = [];
  readonly script = new FaultScript();
  /** Every request that reached a workflow path, with the status it got (to count 429s). */
  readonly requests: { workflowId: string; status: number; at: number }[] = [];
  private readonly workflows = new Map<string, Workflow>();
  private readonly window: SlidingWindow;
  private readonly waiters = new Waiters();
  private readonly pendingRuns = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly listening: Listening,
    private readonly options: TeamsEmulatorOptions,
  ) {
    this.window = new SlidingWindow(options.ratePerWindow ?? 4, options.windowMs ?? 1000, options.now);
  }

  static async start(options: TeamsEmulatorOptions = {}): Promise<TeamsEmulator> {
    const ref: { self?: TeamsEmulator } = {};
    const listening = await listen((req, res, body) => ref.self!.handle(req, res, body), options.port);
    ref.self = new TeamsEmulator(listening, options);
    return ref.self;
  }

  get url(): string {
    return this.listening.url;
  }

  /** Creates a workflow as Teams' "Post to a channel when a webhook request is received" does; returns its URL. */
  createWorkflow(options: { channel?: string; shape?: WorkflowShape } = {}): string {
    const wf: Workflow = {
      id: randomBytes(16).toString('hex'),
      sig: randomBytes(32).toString('base64url'),
      shape: options.shape ?? 'logic',
      channel: options.channel ?? 'General',
      state: 'Enabled',
    };
    this.workflows.set(wf.id, wf);
    return this.workflowUrl(wf);
  }

  /** Turns a workflow off (`Disabled`) or deletes it (`Deleted`): the trigger answers 400 WorkflowTriggerIsNotEnabled. */
  disableWorkflow(url: string, state: Exclude<WorkflowState, 'Enabled'> = 'Disabled'): void {
    this.find(url).state = state;
  }

  /** Removes a workflow entirely: its URL answers 404, like a workflow id that never existed. */
  forgetWorkflow(url: string): void {
    this.workflows.delete(this.find(url).id);
  }

  runsFor(url: string): TeamsRun[] {
    const id = this.find(url).id;
    return this.runs.filter((r) => r.workflowId === id);
  }

  get failedRuns(): TeamsRun[] {
    return this.runs.filter((r) => r.status === 'Failed');
  }

  /** 429s this emulator had to give: a well-behaved client causes none. */
  get rateLimited(): number {
    return this.requests.filter((r) => r.status === 429).length;
  }

  /** Waits until `count` runs have finished (succeeded or failed), of one workflow when `url` is given. */
  async waitForRuns(count: number, options: { url?: string; timeoutMs?: number } = {}): Promise<TeamsRun[]> {
    const runs = () => (options.url ? this.runsFor(options.url) : this.runs);
    await this.waiters.until(() => runs().length >= count, options.timeoutMs ?? 10_000, () => `expected ${count} Teams workflow runs, got ${runs().length}`);
    return runs();
  }

  async close(): Promise<void> {
    for (const t of this.pendingRuns) clearTimeout(t);
    await this.listening.close();
  }

  /** What the emulator page shows: each run as Teams would render its text, mentions marked. */
  describe() {
    return {
      name: 'Microsoft Teams (Workflows webhooks)',
      url: this.url,
      note: `Workflows: ${this.workflows.size}. Runs: ${this.runs.length}, failed: ${this.failedRuns.length}. 429 answers: ${this.rateLimited}.`,
      items: this.runs.map((r) => ({
        at: r.receivedAt,
        title: `${r.status === 'Failed' ? 'FAILED run' : 'Run succeeded'} · ${r.channel}`,
        lines: [...(r.error ? [`Error: ${r.error}`] : []), ...r.texts.map((t) => t.replace(/<at>([^<]*)<\/at>/g, '@$1'))],
        mentions: r.mentions.map((m) => `@${m.name} (${m.id})`),
      })),
    };
  }

  private workflowUrl(wf: Workflow): string {
    const query =
      wf.shape === 'logic'
        ? `api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${wf.sig}`
        : `api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${wf.sig}`;
    const prefix = wf.shape === 'logic' ? '' : '/powerautomate/automations/direct';
    return `${this.url}${prefix}/workflows/${wf.id}/triggers/manual/paths/invoke?${query}`;
  }

  private find(url: string): Workflow {
    const m = PATH.exec(new URL(url).pathname);
    const wf = m ? this.workflows.get(m[2]!) : undefined;
    if (!wf) throw new Error('unknown workflow');
    return wf;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/_emulator/')) return this.control(req, res, url, body);
    const m = PATH.exec(url.pathname);
    if (!m) return sendJson(res, 404, errorBody('NotFound', 'The requested path was not found.'));
    const [, direct, id, trigger] = m;
    const answer = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ workflowId: id!, status, at: Date.now() });
      if (value === undefined) {
        res.writeHead(status, { 'content-length': '0', ...headers });
        res.end();
      } else sendJson(res, status, value, headers);
    };
    if (await this.script.apply(res)) {
      this.requests.push({ workflowId: id!, status: res.statusCode, at: Date.now() });
      return;
    }
    const wf = this.workflows.get(id!);
    // A workflow lives on one host shape; its id under the other shape is as unknown as any other.
    if (!wf || (wf.shape === 'powerplatform') !== Boolean(direct) || trigger !== 'manual') {
      return answer(404, errorBody('WorkflowNotFound', `The workflow '${id}' could not be found.`));
    }
    if (url.searchParams.get('sig') !== wf.sig || !url.searchParams.get('sp') || !url.searchParams.get('sv')) {
      return answer(401, errorBody('DirectApiAuthorizationRequired', 'The request must be authenticated only by Shared Access scheme.'));
    }
    if (req.method !== 'POST') {
      return answer(400, errorBody('TriggerRequestMethodNotValid', `The HTTP method for this request is not valid: expected 'Post' and actual '${req.method}'.`));
    }
    if (wf.state !== 'Enabled') {
      return answer(400, errorBody('WorkflowTriggerIsNotEnabled', `Could not find an enabled trigger for workflow '${wf.id}': its current state is '${wf.state}'.`));
    }
    const limit = this.window.take(wf.id);
    if (!limit.ok) {
      return answer(
        429,
        errorBody('WorkflowRequestsThrottled', `More than ${this.window.limit} requests in ${this.window.windowMs} ms to workflow '${wf.id}'.`),
        { 'retry-after': String(Math.ceil(limit.retryAfterMs / 1000)) },
      );
    }
    const runId = `0858${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}CU${String(randomInt(100)).padStart(2, '0')}`;
    answer(202, undefined, { 'x-ms-workflow-run-id': runId, 'x-ms-workflow-id': wf.id });
    this.scheduleRun(runId, wf, body);
  }

  /** The flow runs after the answer, as in Power Automate: the sender has long moved on. */
  private scheduleRun(runId: string, wf: Workflow, body: Buffer): void {
    const receivedAt = Date.now();
    const t = setTimeout(() => {
      this.pendingRuns.delete(t);
      const check = checkRun(body);
      let payload: unknown = body.toString('utf8');
      try {
        payload = JSON.parse(payload as string);
      } catch {
        // kept as text: the run already records why it failed
      }
      this.runs.push({
        id: runId,
        workflowId: wf.id,
        channel: wf.channel,
        status: check.problem ? 'Failed' : 'Succeeded',
        error: check.problem,
        payload,
        texts: check.texts,
        mentions: check.problem ? [] : check.mentions,
        receivedAt,
      });
      this.waiters.notify();
    }, this.options.runDelayMs ?? 10);
    this.pendingRuns.add(t);
  }

  /** JSON control API for tests and tools in other processes. */
  private control(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    const str = (k: string) => (typeof input[k] === 'string' ? input[k] : undefined);
    if (req.method === 'POST' && url.pathname === '/_emulator/workflows') {
      const shape = str('shape') === 'powerplatform' ? 'powerplatform' : 'logic';
      return sendJson(res, 201, { url: this.createWorkflow({ channel: str('channel'), shape }) });
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/workflows/disable') {
      this.disableWorkflow(String(input['url']), str('state') === 'Deleted' ? 'Deleted' : 'Disabled');
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/script') {
      this.script.failNext(Number(input['status'] ?? 500), {
        times: Number(input['times'] ?? 1),
        body: str('body'),
        contentType: str('contentType') ?? 'application/json; charset=utf-8',
        headers: (input['headers'] as Record<string, string> | undefined) ?? {},
      });
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/_emulator/runs') {
      return sendJson(res, 200, { runs: this.runs, failed: this.failedRuns.length, rateLimited: this.rateLimited });
    }
    if (req.method === 'DELETE' && url.pathname === '/_emulator/runs') {
      this.runs.length = 0;
      this.requests.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: 'unknown emulator control path' });
  }
}

// Re-exported so tests read runs' mentions with the emulator's own type.
export type { CardMention } from './validate-run.js';
export { checkRun } from './validate-run.js';
