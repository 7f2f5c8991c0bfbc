package jixiao

import "testing"

func TestPlainText(t *testing.T) {
	tests := map[string]string{
		"<p>一段。</p>":                                "一段。",
		"<p>第一段</p><p>第二段</p>":                      "第一段\n第二段",
		"<P class=\"x\">甲</P>\n<p></p><p>乙</p>":     "甲\n乙",
		"行一<br>行二<br/>行三<BR />":                     "行一\n行二\n行三",
		"<b>粗体</b> 与 <script>x</script>":            "<b>粗体</b> 与 <script>x</script>",
		"  前后空白  \r\n":                              "前后空白",
		"甲\r\n\r\n乙":                                "甲\n\n乙", // the user's own blank line stays
		"a < b > c":                                 "a < b > c",
		"<pre>代码</pre>":                             "<pre>代码</pre>", // not a paragraph
		"甲&nbsp;乙&nbsp;&nbsp;":                      "甲 乙",
		"<p>&nbsp;</p><p>R&amp;D</p>":               "R&D",
		"a &lt; b &gt; c &quot;d&quot; &#39;e&#39;": `a < b > c "d" 'e'`,
		"&#x4E00;&#20013;&#X4e8c;":                  "一中二",
		"&lt;script&gt;x&lt;/script&gt;":            "<script>x</script>", // shown, never interpreted
		"&lt;p&gt;不是段落&lt;/p&gt;":                   "<p>不是段落</p>",        // decoded after the paragraphs
		"AT&T, a=1&copy=2, &bogus; &#0; &#xD800;":   "AT&T, a=1&copy=2, &bogus; &#0; &#xD800;",
		"&amp;amp;":                                 "&amp;", // decoded once
	}
	for in, want := range tests {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}
