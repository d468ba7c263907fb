/** Whether two flat objects hold the same values under the same keys (`Object.is` aside: `===`). */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  for (const key in a) if (a[key] !== b[key]) return false;
  return true;
}
