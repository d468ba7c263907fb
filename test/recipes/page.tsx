// app/prices/page.tsx (a server component)
import { LivePrice } from './LivePrice';

export default function Page() {
  return (
    <main>
      <h1>Prices</h1>
      <LivePrice symbol="ACME" />
    </main>
  );
}
