/**
 * Moved to src/shared/validate-post.ts (the web's composer runs the same checks).
 * @TODO delete once the two adapters still importing this path (sandbox, x: under edit by another
 * helper in the same session) import src/shared/validate-post.js directly (issue #19).
 */
export { countGraphemes, measureText, type PostIssue, validatePost } from '../shared/validate-post.js'
