package job

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/sets"
)

func TestParseAndFormatIndexes(t *testing.T) {
	tests := []struct {
		list        string
		completions int32
		want        []int
		formatted   string
	}{
		{list: "", completions: 3, formatted: ""},
		{list: "0", completions: 3, want: []int{0}, formatted: "0"},
		{list: "0,2", completions: 3, want: []int{0, 2}, formatted: "0,2"},
		{list: "0-2", completions: 3, want: []int{0, 1, 2}, formatted: "0-2"},
		{list: "1,3-5,7", completions: 10, want: []int{1, 3, 4, 5, 7}, formatted: "1,3-5,7"},
		{list: "0,1,2,5,6", completions: 10, want: []int{0, 1, 2, 5, 6}, formatted: "0-2,5-6"},
		{list: "2-8", completions: 5, want: []int{2, 3, 4}, formatted: "2-4"},
		{list: "x,1,4-2,3", completions: 5, want: []int{1, 3}, formatted: "1,3"},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			got := parseIndexes(tt.list, tt.completions)
			if !got.Equal(sets.New(tt.want...)) {
				t.Errorf("parsed %v, want %v", sets.List(got), tt.want)
			}
			if f := formatIndexes(got); f != tt.formatted {
				t.Errorf("formatted %q, want %q", f, tt.formatted)
			}
		})
	}
}

func TestPendingIndexes(t *testing.T) {
	got := pendingIndexes(6, 2, sets.New(0, 2), sets.New(1))
	if len(got) != 2 || got[0] != 3 || got[1] != 4 {
		t.Errorf("got %v, want [3 4]", got)
	}
}

func TestIndexedGenerateName(t *testing.T) {
	long := "a-job-whose-name-is-long-enough-to-need-shortening-for-its-pods"
	tests := []struct{ job, index, want string }{
		{job: "pi", index: "3", want: "pi-3-"},
		{job: long, index: "12", want: long[:58-4] + "-12-"},
	}
	for _, tt := range tests {
		if got := indexedGenerateName(tt.job, tt.index); got != tt.want || len(got) > maxGeneratedNameLength {
			t.Errorf("indexedGenerateName(%q, %q) = %q, want %q", tt.job, tt.index, got, tt.want)
		}
	}
}
