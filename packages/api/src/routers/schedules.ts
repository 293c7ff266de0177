import { originOf } from '../context.js';
import { byIdInput } from '../schemas/common.js';
import {
  explainScheduleInput,
  saveScheduleInput,
  scheduleDto,
  scheduleExplanation,
  scheduleTargetInput,
  setSchedulePausedInput,
} from '../schemas/schedule.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const schedulesRouter = router({
  /** The sync's or pipeline's schedule, or null. */
  get: procedure
    .meta(restRoute('GET', '/schedules'))
    .input(scheduleTargetInput)
    .output(scheduleDto.nullable())
    .query(({ ctx, input }) => ctx.services.schedules.get(input)),
  /** An expression in words with its next three times; VALIDATION_FAILED naming the field when it is wrong. */
  explain: procedure
    .meta(restRoute('GET', '/schedules/explain'))
    .input(explainScheduleInput)
    .output(scheduleExplanation)
    .query(({ ctx, input }) => ctx.services.schedules.explain(input.cron, input.timeZone)),
  /** Creates or replaces the schedule of a sync or pipeline. */
  save: procedure
    .meta(restRoute('PUT', '/schedules'))
    .input(saveScheduleInput)
    .output(scheduleDto)
    .mutation(({ ctx, input }) => ctx.services.schedules.save(input, originOf(ctx))),
  setPaused: procedure
    .meta(restRoute('PATCH', '/schedules/{id}'))
    .input(setSchedulePausedInput)
    .output(scheduleDto)
    .mutation(({ ctx, input }) => ctx.services.schedules.setPaused(input.id, input.paused, originOf(ctx))),
  delete: procedure
    .meta(restRoute('DELETE', '/schedules/{id}'))
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.schedules.delete(input.id, originOf(ctx))),
});
