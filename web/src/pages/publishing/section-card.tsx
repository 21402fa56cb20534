/** The design system's card, named by its heading so it is a landmark (region) for assistive tech. */
import { type ReactNode, useId } from 'react'

export function SectionCard(props: {
  title: string
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
}) {
  const id = useId()
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-header">
        <div>
          <h2 id={id}>{props.title}</h2>
          {props.description ? <p className="card-description">{props.description}</p> : null}
        </div>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}
