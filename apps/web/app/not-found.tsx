import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="not-found" data-testid="not-found">
      <h1>We could not find that page</h1>
      <p className="lede" style={{ margin: '0 auto 20px' }}>
        If someone shared a scenario link with you, it may be mistyped or incomplete. Saved
        scenarios never expire, so check the link with whoever sent it.
      </p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <Link className="btn btn-primary" href="/">
          Go to the home page
        </Link>
        <Link className="btn" href="/scenarios/new?preset=june-2026">
          Open the June 2026 scenario
        </Link>
      </div>
    </div>
  );
}
