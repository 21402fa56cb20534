/**
 * A small hand-written valence list for the other languages the detector knows (es, fr, de, pt, it,
 * nl): the words of the most common service complaints and thanks, so that "mi vuelo fue cancelado"
 * is not read as neutral. Deliberately short; the per-workspace learner picks up the rest.
 *
 * Provenance: written by the Townhall maintainers (AGPL-3.0); not derived from any dataset.
 */
const NEGATIVE = `
3: terrible horrible pésimo pésima peor vergüenza indignante inaceptable estafa 
 horrible honteux honte inacceptable arnaque nul nulle pire 
 schrecklich furchtbar katastrophe unverschämt unverschämtheit inakzeptabel betrug schlechteste
 péssimo péssima vergonha inaceitável golpe pior
 terribile orribile pessimo pessima vergogna inaccettabile truffa peggiore 
 verschrikkelijk vreselijk schandalig onacceptabel oplichting slechtste 
2: cancelado cancelada retraso retrasado demora perdido perdida reembolso queja
 nadie esperando problema malo error roto rota
 annulé annulée retard perdu perdue remboursement plainte attente problème
 mauvais mauvaise erreur cassé
 storniert annulliert verspätung verspätet verloren erstattung beschwerde niemand
 warten warte problem schlecht fehler kaputt
 cancelado atraso atrasado perdida reembolso reclamação ninguém esperando problema
 ruim erro quebrado
 cancellato cancellata ritardo perso persa rimborso reclamo nessuno aspettando
 problema cattivo errore rotto
 geannuleerd vertraging vertraagd verloren terugbetaling klacht niemand wachten
 probleem slecht fout kapot
`

const POSITIVE = `
3: excelente increíble genial encanta maravilloso excellent génial formidable merveilleux parfait
 ausgezeichnet hervorragend toll wunderbar perfekt incrível ótimo ótima maravilhoso eccellente
 fantastico meraviglioso perfetto uitstekend geweldig fantastisch perfect
2: gracias bueno buena rápido amable merci bon bonne rapide aimable danke gut schnell freundlich
 obrigado obrigada bom boa rápido grazie buono buona veloce gentile bedankt dank goed snel vriendelijk
`

function parse(spec: string, sign: 1 | -1, into: Map<string, number>): void {
  let level = 0
  for (const raw of spec.split(/\s+/)) {
    if (!raw) continue
    const m = /^([1-4]):$/.exec(raw)
    if (m) level = Number(m[1]) * sign
    else if (!into.has(raw)) into.set(raw, level)
  }
}

/** Word → valence (-4..+4) for es/fr/de/pt/it/nl customer-care words. */
export const INTL_VALENCE: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>()
  parse(NEGATIVE, -1, map)
  parse(POSITIVE, 1, map)
  return map
})()
