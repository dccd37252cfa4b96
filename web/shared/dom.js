// Building the page. Everything another country wrote goes onto the page as text (textContent, text
// nodes, attributes set one by one), never as markup: the Content-Security-Policy would stop an injected
// script, but text that is only ever text cannot become one in the first place.

const SVG = 'http://www.w3.org/2000/svg';

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/**
 * Creates an element. Attributes: `className`, `text` (its text content), anything else set as an
 * attribute (true as an empty one; null, undefined and false left out). Children: nodes as they are,
 * anything else as text; null, undefined and false are skipped, and arrays are flattened.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Creates an SVG element, as el does, with createElementNS. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Empties a node and fills it with the given children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** A table row, one cell per value: a node goes in as it is, null or undefined as an en dash, anything else as text. */
export function row(attrs, cells) {
  return el('tr', attrs, cells.map((cell) => el('td', {}, cell ?? '–')));
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'className') node.setAttribute('class', value);
    else if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
