'use client';

import { FieldErrors, NumberField, useEditor } from './fields';

/** GPUs, replicas, throughput and costs of a self-hosted offer (kind "selfHost"). */
export function SelfHostFields({ index }: { index: number }) {
  const { issuesAt } = useEditor();
  const base = `world.offers[${index}].selfHost`;
  return (
    <>
      <div className="subhead">Self-hosting</div>
      <div className="form-grid">
        <NumberField path={`${base}.gpuHourUsd`} label="GPU-hour price" unit="USD per GPU-hour" />
        <NumberField path={`${base}.gpusPerReplica`} label="GPUs per replica" unit="GPUs" />
        <NumberField
          path={`${base}.replicas`}
          label="Replicas"
          unit="reserved, paid whether used or not"
        />
        <NumberField
          path={`${base}.outputTokensPerSecondPerReplica`}
          label="Throughput"
          unit="output tokens/s per replica"
        />
        <NumberField
          path={`${base}.utilisationCeiling`}
          label="Utilisation ceiling"
          unit="share of peak usable, 0–1"
        />
        <NumberField
          path={`${base}.inputTokenWeight`}
          label="Input token weight"
          unit="GPU time of an input token vs an output token (default 0.1)"
          optional
        />
        <NumberField
          path={`${base}.leadTimeMonths`}
          label="Lead time"
          unit="months until it takes load"
        />
        <NumberField path={`${base}.setupCostUsd`} label="Setup cost" unit="USD, once" />
        <NumberField path={`${base}.monthlyOpsUsd`} label="Operations" unit="USD per month" />
      </div>
      <FieldErrors issues={issuesAt(base, true)} />
    </>
  );
}
