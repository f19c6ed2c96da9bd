// A connector's logo: the image when its `icon` is a URL, otherwise a tile in (a darker shade of)
// the vendor's brand colour with its initials, so the catalog reads at a glance without shipping
// vendor artwork. Each shade keeps white initials at 4.5:1 contrast or more (WCAG AA).
const BRAND: Record<string, string> = {
  slack: '#4a154b',
  hubspot: '#c2410c',
  zoho_crm: '#b91c1c',
  wordpress: '#21759b',
  shopify: '#3f6212',
  google_analytics: '#b45309',
  stripe: '#4f46e5',
  http_auth: '#475569',
  slack_webhook: '#4a154b',
};

export function ConnectorLogo({ id, title, icon }: { id: string; title: string; icon: string }) {
  if (/^(https:|data:image\/)/.test(icon))
    return <img className="connector-logo" src={icon} alt="" width={40} height={40} />;
  const initials = title
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return (
    <span className="connector-logo" style={{ background: BRAND[id] ?? '#334155' }} aria-hidden>
      {initials}
    </span>
  );
}
