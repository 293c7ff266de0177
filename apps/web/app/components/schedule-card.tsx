import { useEffect, useState } from 'react';
import { fieldErrorsOf, messageOf } from '../lib/app-error.js';
import { formatDateTime } from '../lib/format.js';
import { useCan } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';
import { Button } from './button.js';
import { Card } from './card.js';
import { FormError, TextField } from './field.js';
import { useToast } from './toast.js';

/** The browser's zone: what a new schedule is read in unless the user says otherwise. */
function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A sync's or pipeline's schedule: the expression in words with its next three times, pause and
 * resume, and a small form whose explanation updates as the user types.
 */
export function ScheduleCard({ target }: { target: { syncId: string } | { pipelineId: string } }) {
  const canSave = useCan('schedules.save');
  const canPause = useCan('schedules.setPaused');
  const toast = useToast();
  const utils = trpc.useUtils();
  const schedule = trpc.schedules.get.useQuery(target);
  const [cron, setCron] = useState('');
  const [timeZone, setTimeZone] = useState('');
  useEffect(() => {
    if (schedule.data) {
      setCron(schedule.data.cron);
      setTimeZone(schedule.data.timeZone);
    } else if (schedule.isSuccess) setTimeZone((zone) => zone || localTimeZone());
  }, [schedule.data, schedule.isSuccess]);

  const explained = trpc.schedules.explain.useQuery(
    { cron, timeZone },
    { enabled: cron.trim() !== '' && timeZone.trim() !== '', retry: false },
  );
  const refresh = () => utils.schedules.get.invalidate(target);
  const save = trpc.schedules.save.useMutation({
    onSuccess: (saved) => {
      toast({ tone: 'success', title: 'Schedule saved', description: saved.description });
      return refresh();
    },
  });
  const setPaused = trpc.schedules.setPaused.useMutation({ onSuccess: refresh });
  const remove = trpc.schedules.delete.useMutation({
    onSuccess: () => {
      setCron('');
      return refresh();
    },
  });
  const errors = fieldErrorsOf(save.error ?? explained.error);
  const current = schedule.data;

  return (
    <Card title="Schedule">
      <div className="space-y-4 p-4 sm:px-5" data-testid="schedule">
        {current ? (
          <div className="text-sm" aria-live="polite">
            <p className="font-medium text-slate-900">
              {current.description}
              {current.paused ? <span className="ml-2 text-xs font-normal text-amber-700">Paused</span> : null}
            </p>
            {current.nextRuns.length > 0 ? (
              <ul className="mt-1 text-xs text-slate-600" aria-label="Next runs">
                {current.nextRuns.map((at) => (
                  <li key={at.toISOString()}>{formatDateTime(at)}</li>
                ))}
              </ul>
            ) : null}
            <div className="mt-2 flex gap-2">
              {canPause ? (
                <Button
                  size="sm"
                  busy={setPaused.isPending}
                  onClick={() => setPaused.mutate({ id: current.id, paused: !current.paused })}
                >
                  {current.paused ? 'Resume schedule' : 'Pause schedule'}
                </Button>
              ) : null}
              {canSave ? (
                <Button
                  size="sm"
                  variant="ghost"
                  busy={remove.isPending}
                  onClick={() => remove.mutate({ id: current.id })}
                >
                  Remove schedule
                </Button>
              ) : null}
            </div>
          </div>
        ) : schedule.isSuccess ? (
          <p className="text-sm text-slate-500">Runs only when started by hand.</p>
        ) : null}
        {canSave ? (
          <form
            className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate({ ...target, cron, timeZone, paused: current?.paused ?? false });
            }}
          >
            <TextField
              label="Cron expression"
              placeholder="0 2 * * *"
              value={cron}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setCron(event.target.value)}
              error={errors.cron}
              hint={
                explained.data
                  ? `${explained.data.description} · next ${explained.data.nextRuns.map((at) => formatDateTime(at)).join(', ')}`
                  : 'minute hour day month weekday'
              }
            />
            <TextField
              label="Time zone"
              value={timeZone}
              spellCheck={false}
              onChange={(event) => setTimeZone(event.target.value)}
              error={errors.timeZone}
            />
            <Button type="submit" variant="primary" className="sm:mt-6" busy={save.isPending}>
              Save schedule
            </Button>
            <div className="sm:col-span-3">
              <FormError message={save.error && !errors.cron && !errors.timeZone ? messageOf(save.error) : null} />
            </div>
          </form>
        ) : null}
      </div>
    </Card>
  );
}
