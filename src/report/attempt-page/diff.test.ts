import { describe, expect, it } from 'vitest';
import { diffFiles, renderDiff } from './diff.ts';

const PATCH = `diff --git a/server/a.ts b/server/a.ts
index 1111111..2222222 100644
--- a/server/a.ts
+++ b/server/a.ts
@@ -1,3 +1,3 @@
 keep
-const total = a + b;
+const total = a - b;
--- a/not-a-header-inside-a-hunk
diff --git a/web/my file.tsx b/web/my file.tsx
new file mode 100644
--- /dev/null
+++ b/web/my file.tsx
@@ -0,0 +1,2 @@
+<b>x</b>
+y
`;

describe('the diff renderer', () => {
  it('lists each file with its added and removed lines, headers not counted', () => {
    expect(diffFiles(PATCH)).toEqual([
      { path: 'server/a.ts', added: 1, removed: 2 },
      { path: 'web/my file.tsx', added: 2, removed: 0 },
    ]);
  });

  it('classifies lines by kind and escapes their text', () => {
    const html = renderDiff(PATCH);
    expect(html).toContain('<span class="add">+const total = a - b;</span>');
    expect(html).toContain('<span class="del">-const total = a + b;</span>');
    expect(html).toContain('<span class="meta">+++ b/server/a.ts</span>');
    expect(html).toContain('<span class="hunk">@@ -1,3 +1,3 @@</span>');
    expect(html).toContain('<span class="add">+&lt;b&gt;x&lt;/b&gt;</span>');
    expect(html).not.toContain('<b>x</b>');
  });

  it('shows at most the given number of lines and says how many more the file has', () => {
    const html = renderDiff(PATCH, 5);
    expect(html).not.toContain('const total = a - b');
    expect(html).toContain('11 more line(s) in the whole diff');
  });
});
