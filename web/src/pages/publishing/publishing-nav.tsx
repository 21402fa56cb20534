import { Link } from '../../router.js'

/** The tabs over every publishing page (its own file, so the pages and their router don't import each other). */
export function PublishingNav(props: { current: string }) {
  const items = [
    ['/publishing', 'Posts'],
    ['/publishing/calendar', 'Calendar'],
    ['/publishing/queue', 'Queue slots'],
    ['/publishing/webhooks', 'Webhooks'],
  ]
  return (
    <nav className="tabs" aria-label="Publishing">
      {items.map(([href, label]) => (
        <Link
          key={href}
          href={href!}
          className={`tab${props.current === href ? ' is-active' : ''}`}
          aria-current={props.current === href ? 'page' : undefined}
          style={{ textDecoration: 'none' }}
        >
          {label}
        </Link>
      ))}
    </nav>
  )
}
