import { checkSchedule, describeSchedule, nextFireAfter } from '@pipecraft/runner';
import { Pipeline, Schedule, Sync, type EntityManager, type Store } from '@pipecraft/store';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { AppError } from '../errors.js';
import type { SaveScheduleInput, ScheduleDto } from '../schemas/schedule.js';
import type { AuditService } from './audit-service.js';

/**
 * One schedule per sync or pipeline. Saving or resuming plans the next time at once (`next_run_at`),
 * so the scheduler — in this process or another sharing the store — fires it without asking us.
 */
export class ScheduleService {
  readonly #store: Store;
  readonly #audit: AuditService;
  readonly #now: () => Date;

  constructor(deps: { store: Store; audit: AuditService; now?: () => Date }) {
    this.#store = deps.store;
    this.#audit = deps.audit;
    this.#now = deps.now ?? (() => new Date());
  }

  /** The words and next three times of an expression (for a form, before saving). */
  explain(cron: string, timeZone: string): { description: string; nextRuns: Date[] } {
    assertValid(cron, timeZone);
    return describeSchedule(cron, timeZone, this.#now());
  }

  async get(target: { syncId?: string | undefined; pipelineId?: string | undefined }): Promise<ScheduleDto | null> {
    const em = this.#store.em();
    await this.#loadTarget(em, target);
    const schedule = await em.findOne(
      Schedule,
      target.syncId ? { sync: target.syncId } : { pipeline: target.pipelineId },
    );
    return schedule ? this.#toDto(schedule) : null;
  }

  /** Creates or replaces the target's schedule. */
  async save(input: SaveScheduleInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<ScheduleDto> {
    assertValid(input.cron, input.timeZone);
    const em = this.#store.em();
    const { sync, pipeline } = await this.#loadTarget(em, input);
    let schedule = await em.findOne(Schedule, sync ? { sync: sync.id } : { pipeline: pipeline!.id });
    const before = schedule ? snapshot(schedule) : null;
    schedule ??= em.create(Schedule, { sync, pipeline, cron: input.cron, timeZone: input.timeZone });
    schedule.cron = input.cron;
    schedule.timeZone = input.timeZone;
    schedule.paused = input.paused;
    schedule.nextRunAt = input.paused ? null : nextFireAfter(input.cron, input.timeZone, this.#now());
    schedule.updatedAt = new Date();
    this.#audit.record(em, origin, {
      action: 'schedule.save',
      target: { type: 'schedule', id: schedule.id },
      changes: diffOf(before, snapshot(schedule)),
    });
    await em.flush();
    return this.#toDto(schedule);
  }

  /** Pause keeps the expression and stops firing; resume plans the next time from now (missed times are not made up). */
  async setPaused(id: string, paused: boolean, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<ScheduleDto> {
    const em = this.#store.em();
    const schedule = await this.#load(em, id);
    if (schedule.paused !== paused) {
      schedule.paused = paused;
      schedule.nextRunAt = paused ? null : nextFireAfter(schedule.cron, schedule.timeZone, this.#now());
      schedule.updatedAt = new Date();
      this.#audit.record(em, origin, {
        action: paused ? 'schedule.pause' : 'schedule.resume',
        target: { type: 'schedule', id },
        changes: null,
      });
      await em.flush();
    }
    return this.#toDto(schedule);
  }

  async delete(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ id: string }> {
    const em = this.#store.em();
    const schedule = await this.#load(em, id);
    this.#audit.record(em, origin, {
      action: 'schedule.delete',
      target: { type: 'schedule', id },
      changes: diffOf(snapshot(schedule), null),
    });
    em.remove(schedule);
    await em.flush();
    return { id };
  }

  async #load(em: EntityManager, id: string): Promise<Schedule> {
    const schedule = await em.findOne(Schedule, id);
    if (!schedule) throw new AppError('NOT_FOUND', 'This schedule does not exist (it may have been deleted).');
    return schedule;
  }

  async #loadTarget(
    em: EntityManager,
    target: { syncId?: string | undefined; pipelineId?: string | undefined },
  ): Promise<{ sync: Sync | null; pipeline: Pipeline | null }> {
    if (target.syncId) {
      const sync = await em.findOne(Sync, target.syncId);
      if (!sync) throw new AppError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
      return { sync, pipeline: null };
    }
    const pipeline = await em.findOne(Pipeline, target.pipelineId ?? '');
    if (!pipeline) throw new AppError('NOT_FOUND', 'This pipeline does not exist (it may have been deleted).');
    return { sync: null, pipeline };
  }

  #toDto(schedule: Schedule): ScheduleDto {
    const { description, nextRuns } = describeSchedule(schedule.cron, schedule.timeZone, this.#now());
    return {
      id: schedule.id,
      syncId: schedule.sync?.id ?? null,
      pipelineId: schedule.pipeline?.id ?? null,
      cron: schedule.cron,
      timeZone: schedule.timeZone,
      paused: schedule.paused,
      description,
      nextRuns: schedule.paused ? [] : nextRuns,
      lastFiredAt: schedule.lastFiredAt,
    };
  }
}

function assertValid(cron: string, timeZone: string): void {
  const problem = checkSchedule(cron, timeZone);
  if (problem)
    throw new AppError('VALIDATION_FAILED', problem.message, { fieldErrors: { [problem.field]: [problem.message] } });
}

function snapshot(schedule: Schedule) {
  return { cron: schedule.cron, timeZone: schedule.timeZone, paused: schedule.paused };
}
