// A connector's logo: the image when its `icon` is a URL, otherwise a tile in the vendor's brand
// colour with its initials, so the catalog reads at a glance without shipping vendor artwork.
const BRAND: Record<string, string> = {
  slack: '#4a154b',
  hubspot: '#ff7a59',
  zoho_crm: '#e42527',
  wordpress: '#21759b',
  shopify: '#5e8e3e',
  google_analytics: '#e37400',
  stripe: '#635bff',
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
