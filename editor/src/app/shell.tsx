import { NavLink, Outlet } from 'react-router';

/** The app frame: skip link, navigation and the page. */
export function Shell() {
  return (
    <div className="shell">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">BizOSaaS</span>
        <nav aria-label="Main">
          <ul role="list" className="nav-list">
            <li>
              <NavLink to="/scratch" className="nav-link">
                Scratch canvas
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <div id="content" className="content">
        <Outlet />
      </div>
    </div>
  );
}
