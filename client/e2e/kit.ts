// Driving the UI kit's controls (client/src/ui/) from a browser test as a person does: a select is a
// button that opens a list, not a native <select> that playwright's selectOption can set.
import type { Locator, Page } from 'playwright-core';

/** Opens a kit select (AppSelect) and picks the entry whose label reads `label`, or whose whole text (label and hint) matches a RegExp. */
export async function chooseOption(page: Page, testid: string, label: string | RegExp, scope: Page | Locator = page) {
  await scope.getByTestId(testid).click();
  const options = page.getByTestId(`${testid}-options`).getByRole('option');
  const exact = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const option = typeof label === 'string' ? options.filter({ has: page.locator('.app-select-text', { hasText: exact(label) }) }) : options.filter({ hasText: label });
  await option.first().click({ timeout: 20_000 });
  await page.getByTestId(`${testid}-options`).waitFor({ state: 'detached', timeout: 10_000 });
}

/** The words of every entry a kit select offers (it opens the list and closes it again with Esc). */
export async function optionLabels(page: Page, testid: string, scope: Page | Locator = page): Promise<string[]> {
  await scope.getByTestId(testid).click();
  const list = page.getByTestId(`${testid}-options`);
  await list.getByRole('option').first().waitFor({ timeout: 20_000 });
  const labels = await list.getByRole('option').evaluateAll((els) => els.map((el) => el.querySelector('.app-select-text')?.textContent?.trim() ?? ''));
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'detached', timeout: 10_000 });
  return labels;
}

/** What a kit select shows as chosen. */
export async function chosenLabel(scope: Page | Locator, testid: string): Promise<string> {
  return (await scope.getByTestId(testid).locator('.app-select-value').innerText()).trim();
}
