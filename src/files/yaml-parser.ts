/**
 * yaml's parser, behind a module of our own so that the CLI bundle loads it only for a tree that holds YAML files:
 * a dynamic import of yaml itself (CommonJS) gives the bundle's chunk a default export only, and its named exports are
 * then undefined (walk-through 10, F0); a static import here goes through the bundler's CommonJS interop.
 */
export { parseAllDocuments } from 'yaml';
