import type { MetaFunction } from '@remix-run/node';
import { Link, useNavigate } from '@remix-run/react';
import { useState } from 'react';
import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { CheckboxField, FormError, SelectField, TextField } from '../components/field.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { PipelinePreviewList } from '../components/pipeline-preview-list.js';
import { useToast } from '../components/toast.js';
import { fieldErrorsOf, messageOf } from '../lib/app-error.js';
import { useDialectLabel, useWriteModes } from '../lib/engine-terms.js';
import { formatCount } from '../lib/format.js';
import { trpc, type WriteModeName } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'New pipeline · PipeCraft' }];

type NamingRule = 'same' | 'prefix' | 'suffix';

/**
 * Many tables at once: a source schema, "select all", a destination schema, a naming rule, then
 * one combined preview (problems first) and one click to create a sync per table.
 */
export default function NewPipelinePage() {
  const navigate = useNavigate();
  const toast = useToast();
  const dialectLabel = useDialectLabel();
  const writeModes = useWriteModes();
  const connections = trpc.connections.list.useQuery();
  const [source, setSource] = useState({ connectionId: '', schema: '' });
  const [destination, setDestination] = useState({ connectionId: '', schema: '' });
  const [selected, setSelected] = useState<string[]>([]);
  const [namingRule, setNamingRule] = useState<NamingRule>('same');
  const [namingAffix, setNamingAffix] = useState('');
  const [writeMode, setWriteMode] = useState<WriteModeName | ''>('');
  const [concurrency, setConcurrency] = useState(2);
  const [name, setName] = useState('');
  const [previewing, setPreviewing] = useState(false);

  const sourceSchemas = trpc.discovery.schemas.useQuery(
    { connectionId: source.connectionId },
    { enabled: source.connectionId !== '' },
  );
  const destinationSchemas = trpc.discovery.schemas.useQuery(
    { connectionId: destination.connectionId },
    { enabled: destination.connectionId !== '' },
  );
  const tables = trpc.discovery.tables.useQuery(
    { connectionId: source.connectionId, schema: source.schema },
    { enabled: source.connectionId !== '' && source.schema !== '' },
  );
  const tableNames = (tables.data ?? []).filter((t) => t.kind === 'table').map((t) => t.name);
  const tableSet = {
    sourceConnectionId: source.connectionId,
    sourceSchema: source.schema,
    tables: selected,
    destinationConnectionId: destination.connectionId,
    destinationSchema: destination.schema,
    namingRule,
    namingAffix: namingRule === 'same' ? '' : namingAffix,
  };
  const ready = selected.length > 0 && destination.connectionId !== '' && destination.schema !== '';
  const preview = trpc.pipelines.preview.useQuery(tableSet, { enabled: previewing && ready, retry: false });
  const create = trpc.pipelines.create.useMutation({
    onSuccess: (pipeline) => {
      toast({
        tone: 'success',
        title: 'Pipeline created',
        description: `${pipeline.members.length} syncs are ready to run.`,
      });
      navigate(`/pipelines/${pipeline.id}`);
    },
  });
  const invalidate = () => setPreviewing(false);
  const defaultName = source.schema && destination.schema ? `${source.schema} → ${destination.schema}` : '';
  const errors = fieldErrorsOf(create.error);
  const list = connections.data ?? [];

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        eyebrow={
          <Link to="/pipelines" className="hover:text-slate-700">
            ← Pipelines
          </Link>
        }
        title="New pipeline"
        description="Copy many tables at once: one sync per table, previewed together, run and scheduled as a group."
      />
      <Card>
        <div className="grid gap-6 p-4 sm:px-5 md:grid-cols-2">
          <fieldset className="space-y-4">
            <legend className="text-sm font-semibold text-slate-900">Source</legend>
            <SelectField
              label="Source connection"
              value={source.connectionId}
              onChange={(e) => {
                setSource({ connectionId: e.target.value, schema: '' });
                setSelected([]);
                invalidate();
              }}
            >
              <option value="">Choose a connection…</option>
              {list
                .filter((c) => c.isSource)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({dialectLabel(c.dialect)})
                  </option>
                ))}
            </SelectField>
            <SelectField
              label="Source schema"
              value={source.schema}
              disabled={source.connectionId === ''}
              error={sourceSchemas.error ? messageOf(sourceSchemas.error) : undefined}
              onChange={(e) => {
                setSource({ ...source, schema: e.target.value });
                setSelected([]);
                invalidate();
              }}
            >
              <option value="">Choose a schema…</option>
              {(sourceSchemas.data ?? []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </SelectField>
            {source.schema !== '' ? (
              <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
                {tables.isLoading ? (
                  <p className="text-xs text-slate-500">Loading tables…</p>
                ) : tables.error ? (
                  <p role="alert" className="text-xs text-rose-700">
                    {messageOf(tables.error)}
                  </p>
                ) : (
                  <>
                    <CheckboxField
                      label={`Select all tables (${tableNames.length})`}
                      checked={tableNames.length > 0 && selected.length === tableNames.length}
                      onChange={(e) => {
                        setSelected(e.target.checked ? tableNames : []);
                        invalidate();
                      }}
                    />
                    <ul className="mt-2 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2" aria-label="Source tables">
                      {(tables.data ?? [])
                        .filter((t) => t.kind === 'table')
                        .map((t) => (
                          <li key={t.name}>
                            <CheckboxField
                              label={
                                <span className="font-mono text-xs">
                                  {t.name}
                                  {t.rowEstimate !== null ? (
                                    <span className="ml-1 text-slate-400">~{formatCount(t.rowEstimate)}</span>
                                  ) : null}
                                </span>
                              }
                              checked={selected.includes(t.name)}
                              onChange={(e) => {
                                setSelected(
                                  e.target.checked ? [...selected, t.name] : selected.filter((n) => n !== t.name),
                                );
                                invalidate();
                              }}
                            />
                          </li>
                        ))}
                    </ul>
                  </>
                )}
              </div>
            ) : null}
          </fieldset>

          <fieldset className="space-y-4">
            <legend className="text-sm font-semibold text-slate-900">Destination</legend>
            <SelectField
              label="Destination connection"
              value={destination.connectionId}
              onChange={(e) => {
                setDestination({ connectionId: e.target.value, schema: '' });
                invalidate();
              }}
            >
              <option value="">Choose a connection…</option>
              {list
                .filter((c) => c.isDestination)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({dialectLabel(c.dialect)})
                  </option>
                ))}
            </SelectField>
            <SelectField
              label="Destination schema"
              value={destination.schema}
              disabled={destination.connectionId === ''}
              error={destinationSchemas.error ? messageOf(destinationSchemas.error) : undefined}
              onChange={(e) => {
                setDestination({ ...destination, schema: e.target.value });
                invalidate();
              }}
            >
              <option value="">Choose a schema…</option>
              {(destinationSchemas.data ?? []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </SelectField>
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField
                label="Table names"
                value={namingRule}
                onChange={(e) => {
                  setNamingRule(e.target.value as NamingRule);
                  invalidate();
                }}
              >
                <option value="same">Same as the source</option>
                <option value="prefix">With a prefix</option>
                <option value="suffix">With a suffix</option>
              </SelectField>
              {namingRule !== 'same' ? (
                <TextField
                  label={namingRule === 'prefix' ? 'Prefix' : 'Suffix'}
                  value={namingAffix}
                  spellCheck={false}
                  onChange={(e) => {
                    setNamingAffix(e.target.value);
                    invalidate();
                  }}
                />
              ) : null}
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField
                label="Write mode"
                value={writeMode}
                onChange={(e) => setWriteMode(e.target.value as WriteModeName)}
              >
                {(writeModes.data ?? []).map((mode) => (
                  <option key={mode.name} value={mode.name}>
                    {mode.label}
                  </option>
                ))}
              </SelectField>
              <TextField
                label="Tables at once"
                type="number"
                min={1}
                max={16}
                value={concurrency}
                error={errors.concurrency}
                onChange={(e) => setConcurrency(Number(e.target.value))}
              />
            </div>
            <TextField
              label="Pipeline name"
              value={name}
              placeholder={defaultName}
              error={errors.name}
              onChange={(e) => setName(e.target.value)}
            />
          </fieldset>
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 p-4 sm:px-5">
          <Button disabled={!ready} busy={preview.isFetching} onClick={() => setPreviewing(true)}>
            Preview {selected.length} table{selected.length === 1 ? '' : 's'}
          </Button>
          <Button
            variant="primary"
            disabled={!ready || !preview.data || preview.data.problemCount > 0}
            busy={create.isPending}
            title={preview.data?.problemCount ? 'Fix or unselect the tables with problems first' : undefined}
            onClick={() =>
              create.mutate({
                ...tableSet,
                name: name.trim() || defaultName,
                concurrency,
                ...(writeMode ? { writeMode } : {}),
              })
            }
          >
            Create pipeline
          </Button>
          <span className="text-xs text-slate-500">
            {preview.data
              ? 'Creates one sync per table; nothing is copied until you run it.'
              : 'Preview first, then create.'}
          </span>
        </div>
        <div className="px-4 pb-4 sm:px-5">
          <FormError message={create.error && !errors.name ? messageOf(create.error) : null} />
          <FormError message={preview.error ? messageOf(preview.error) : null} />
        </div>
      </Card>
      {preview.data ? (
        <div className="mt-6">
          <PipelinePreviewList preview={preview.data} />
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
