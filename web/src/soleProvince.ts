// A deployment holding one province's records (the demo, a provincial platform): the console's
// whole-country pages (an administrator's 工作台 and 总览) show that province. Which one is learnt
// from the whole-country answer and remembered in this browser, so that on the next visit the
// province's figures are asked for alongside the whole country's (in parallel), not after it.
const KEY = 'zq.soleProvince';

// `ask(region)` fetches the page's figures ('' for the whole country); `soleOf(whole)` is the one
// region holding every record in the whole-country answer, or ''. Answers the region shown and its
// figures.
export async function wholeOrSoleProvince<T>(ask: (region: string) => Promise<T>, soleOf: (whole: T) => string): Promise<{ region: string; answer: T }> {
  const guess = localStorage.getItem(KEY) ?? '';
  const early = guess ? ask(guess).catch(() => null) : null;
  const whole = await ask('');
  const sole = soleOf(whole);
  if (!sole) {
    localStorage.removeItem(KEY);
    return { region: '', answer: whole };
  }
  localStorage.setItem(KEY, sole);
  const answer = (sole === guess ? await early : null) ?? (await ask(sole));
  return { region: sole, answer };
}
