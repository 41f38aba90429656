// A strict parser for the XML subset Graphviz writes (prolog, doctype, comments, elements,
// double-quoted attributes, entity references): throws on anything not well-formed.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g;

/** Replaces entity references; throws on a bare `&` or an unknown entity. */
function decode(text: string, where: number): string {
  if (/&(?!(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`bad entity near offset ${where}`);
  return text.replace(ENTITY, (entity) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[entity]) return named[entity];
    const code = entity.startsWith('&#x') ? parseInt(entity.slice(3, -1), 16) : parseInt(entity.slice(2, -1), 10);
    return String.fromCodePoint(code);
  });
}

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [{ name: '#document', attrs: {}, children: [], text: '' }];
  while (i < source.length) {
    if (source.startsWith('<?', i)) i = source.indexOf('?>', i) + 2;
    else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new Error('unclosed comment');
      i = end + 3;
    } else if (source.startsWith('<!DOCTYPE', i)) i = source.indexOf('>', i) + 1;
    else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}> at offset ${i}`);
      i = end + 1;
    } else if (source[i] === '<') {
      const name = NAME.exec(source.slice(i + 1))?.[0];
      if (!name) throw new Error(`bad tag at offset ${i}`);
      const element: XmlElement = { name, attrs: {}, children: [], text: '' };
      i += 1 + name.length;
      for (;;) {
        const rest = source.slice(i, i + 4096);
        const space = /^\s*/.exec(rest)?.[0].length ?? 0;
        i += space;
        if (source.startsWith('/>', i) || source[i] === '>') break;
        const attr = /^([A-Za-z_:][\w.:-]*)="([^"<]*)"/.exec(source.slice(i, i + 100_000));
        if (!attr || space === 0) throw new Error(`bad attribute in <${name}> at offset ${i}`);
        if (Object.hasOwn(element.attrs, attr[1])) throw new Error(`duplicate attribute ${attr[1]} at offset ${i}`);
        element.attrs[attr[1]] = decode(attr[2], i);
        i += attr[0].length;
      }
      stack[stack.length - 1].children.push(element);
      if (source.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(element);
      }
    } else {
      const end = source.indexOf('<', i);
      const text = source.slice(i, end < 0 ? source.length : end);
      if (stack.length === 1 && text.trim() !== '') throw new Error(`text outside the root at offset ${i}`);
      stack[stack.length - 1].text += decode(text, i);
      i = end < 0 ? source.length : end;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  const roots = stack[0].children;
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  return roots[0];
}

/** Every element of a tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (element: XmlElement): void => {
    out.push(element);
    element.children.forEach(walk);
  };
  walk(root);
  return out;
}
