import { getPreset } from '@crosswind/presets';
import type { ScenarioInput } from '@crosswind/schema';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorContext } from './fields';
import { FormulaField } from './formula-field';
import { useScenarioEditor } from './use-scenario-editor';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

const PATH = 'world.offers[0].pricePath.formula';

function Harness({ initial }: { initial: ScenarioInput }) {
  const editor = useScenarioEditor(initial, 'formula-field-test');
  return (
    <EditorContext.Provider value={editor}>
      <FormulaField
        path={PATH}
        label="Price factor formula"
        hint="e.g. 0.97^month"
        previewLabel="price factor"
      />
      <output data-testid="issue-count">{editor.issues.length}</output>
    </EditorContext.Provider>
  );
}

function setup() {
  const doc = structuredClone(june) as ScenarioInput;
  const offer = doc.world.offers[0];
  if (offer) offer.pricePath = { type: 'formula', formula: '1' };
  localStorage.clear();
  render(<Harness initial={doc} />);
  return { user: userEvent.setup(), input: screen.getByLabelText('Price factor formula') };
}

afterEach(cleanup);

describe('FormulaField', () => {
  it('shows a plain-words error while the formula is unfinished, and no preview', async () => {
    const { user, input } = setup();
    await user.clear(input);
    await user.type(input, '50 *');
    const error = await screen.findByTestId('field-error');
    expect(error.textContent).toBe(
      'This formula is unfinished: something is missing after “50 *”.',
    );
    expect(error.textContent).not.toMatch(/char|Value expected/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect(screen.queryByTestId('sparkline')).toBeNull();
    // The problem counts like any other issue, so Run is refused before it reaches the server.
    expect(screen.getByTestId('issue-count').textContent).toBe('1');
  });

  it('shows a preview of the path over the horizon once the formula is right', async () => {
    const { user, input } = setup();
    await user.clear(input);
    await user.type(input, '0.97^month');
    expect(screen.queryByTestId('field-error')).toBeNull();
    const preview = screen.getByTestId('sparkline');
    // June 2026 has a 24-month horizon: 0.97^23 = 0.4963.
    expect(preview.textContent).toContain('1 → 0.496 over 24 months');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'price factor: 1 at month 0, 0.496 at month 23; lowest 0.496, highest 1',
    );
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByTestId('issue-count').textContent).toBe('0');
  });

  it('names an unknown word and suggests month', async () => {
    const { user, input } = setup();
    await user.clear(input);
    await user.type(input, '0.9^monht');
    expect((await screen.findByTestId('field-error')).textContent).toBe(
      'This formula uses “monht”, which is not known: only month, numbers, pi and e can be used. Did you mean “month”?',
    );
  });
});
