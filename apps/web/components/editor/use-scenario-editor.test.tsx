import { getPreset } from '@crosswind/presets';
import type { ScenarioInput } from '@crosswind/schema';
import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useScenarioEditor } from './use-scenario-editor';
import { addStrategy, duplicateAt } from '@/lib/editor-ops';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

function setup() {
  return renderHook(() => useScenarioEditor(june as ScenarioInput, 'hook-test'));
}

beforeEach(() => localStorage.clear());

describe('useScenarioEditor', () => {
  it('applies structural edits to the latest document, each one undo step', () => {
    const { result } = setup();
    act(() => {
      // Two edits in one event: the second must see the first.
      result.current.apply(addStrategy, 'add strategy');
      result.current.apply((d) => duplicateAt(d, 'strategies', 4), 'duplicate strategy');
    });
    expect(result.current.doc.strategies.map((s) => s.id).slice(4)).toEqual([
      'strategy',
      'strategy-2',
    ]);
    expect(result.current.issues).toEqual([]);
    expect(result.current.dirty).toBe(true);
    expect(result.current.lastChange).toBe('duplicate strategy');
    act(() => result.current.undo());
    expect(result.current.doc.strategies).toHaveLength(5);
    act(() => result.current.undo());
    expect(result.current.doc).toEqual(june);
    expect(result.current.canUndo).toBe(false);
    expect(result.current.dirty).toBe(false);
  });

  it('reports a bad formula as an issue at the path the engine would name', () => {
    const { result } = setup();
    act(() =>
      result.current.change('world.offers[2].pricePath', { type: 'formula', formula: '(' }),
    );
    expect(result.current.issues.map((i) => i.path)).toEqual(['world.offers[2].pricePath.formula']);
    expect(result.current.issues[0]?.message).toBe(
      'this formula is unfinished: something is missing after “(”',
    );
    act(() => result.current.change('world.offers[2].pricePath.formula', '0.9^month'));
    expect(result.current.issues).toEqual([]);
  });
});
