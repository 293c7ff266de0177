/** The three choices: follow the system, or pin light or dark. Stored in this browser only. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_STORAGE_KEY = 'pipecraft-theme';

/**
 * Runs in <head> before the first paint (inline, with the response's CSP nonce), so a dark page
 * never flashes white: it reads the stored choice and the system preference and sets `.dark`.
 * Kept as a string because it must run before any bundle has loaded.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var c=localStorage.getItem('${THEME_STORAGE_KEY}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Whether `choice` means dark right now (system: the browser's `prefers-color-scheme`). */
export function isDark(choice: ThemeChoice): boolean {
  return choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
}

export function applyThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Private mode without storage: the choice lasts for this page.
  }
  document.documentElement.classList.toggle('dark', isDark(choice));
}
