import { getPreset } from '@crosswind/presets';
import type { ScenarioInput } from '@crosswind/schema';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorContext, TextField } from './fields';
import { JsonView } from './json-view';
import { StrategiesSection } from './strategies-section';
import { useScenarioEditor } from './use-scenario-editor';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

function Harness() {
  const editor = useScenarioEditor(june as ScenarioInput, 'json-view-test');
  return (
    <EditorContext.Provider value={editor}>
      <TextField path="name" label="Scenario name" />
      <StrategiesSection />
      <JsonView />
    </EditorContext.Provider>
  );
}

afterEach(cleanup);

function jsonDoc(): ScenarioInput {
  return JSON.parse(screen.getByTestId<HTMLTextAreaElement>('json-editor').value) as ScenarioInput;
}

describe('the JSON view and the form stay in sync', () => {
  it('shows form edits, including structural ones, in the JSON', async () => {
    localStorage.clear();
    render(<Harness />);
    const user = userEvent.setup();
    const name = screen.getByLabelText('Scenario name');
    await user.clear(name);
    await user.type(name, 'Ours');
    await user.click(screen.getByRole('button', { name: 'Add strategy' }));
    const doc = jsonDoc();
    expect(doc.name).toBe('Ours');
    expect(doc.strategies.map((s) => s.id)).toEqual([
      'incumbent',
      'hedge',
      'open-default',
      'cn-api-only',
      'strategy',
    ]);
  });

  it('applies valid JSON to the form and keeps the form while the JSON is broken', () => {
    localStorage.clear();
    render(<Harness />);
    const json = screen.getByTestId('json-editor');
    const doc = jsonDoc();
    doc.name = 'Edited as JSON';
    fireEvent.change(json, { target: { value: JSON.stringify(doc) } });
    expect(screen.getByLabelText<HTMLInputElement>('Scenario name').value).toBe('Edited as JSON');
    fireEvent.change(json, { target: { value: '{"name": "half' } });
    expect(screen.getByRole('alert').textContent).toContain('Not valid JSON yet');
    expect(screen.getByLabelText<HTMLInputElement>('Scenario name').value).toBe('Edited as JSON');
  });
});
