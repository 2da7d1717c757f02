package job

import (
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/utils/ptr"
)

// noIndex is what completionIndex returns for a pod without a valid completion index.
const noIndex = -1

// indexSet is a set of completion indexes, written in status as compressed intervals ("1,3-5").
type indexSet = sets.Set[int]

// parseIndexes reads a status list of indexes, keeping those below completions and skipping what
// does not parse, as upstream does when a user wrote the status.
func parseIndexes(list string, completions int32) indexSet {
	set := indexSet{}
	if list == "" {
		return set
	}
	for _, part := range strings.Split(list, ",") {
		first, last, found := strings.Cut(part, "-")
		x, err := strconv.Atoi(first)
		if err != nil || x < 0 {
			continue
		}
		y := x
		if found {
			if y, err = strconv.Atoi(last); err != nil || y < x {
				continue
			}
		}
		for i := x; i <= y && i < int(completions); i++ {
			set.Insert(i)
		}
	}
	return set
}

// formatIndexes writes set as sorted intervals, consecutive indexes joined by a hyphen.
func formatIndexes(set indexSet) string {
	ixs := sets.List(set)
	var b strings.Builder
	for i := 0; i < len(ixs); {
		j := i
		for j+1 < len(ixs) && ixs[j+1] == ixs[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(ixs[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(ixs[j]))
		}
		i = j + 1
	}
	return b.String()
}

// isIndexed tells whether job runs in Indexed completion mode.
func isIndexed(job *batchv1.Job) bool {
	return ptr.Deref(job.Spec.CompletionMode, batchv1.NonIndexedCompletion) == batchv1.IndexedCompletion
}

// completionIndex is the index a pod of an Indexed Job runs, from its annotation (or its label,
// for pods whose annotation a user removed), or noIndex.
func completionIndex(pod *corev1.Pod) int {
	v, ok := pod.Annotations[batchv1.JobCompletionIndexAnnotation]
	if !ok {
		v, ok = pod.Labels[batchv1.JobCompletionIndexAnnotation]
	}
	if !ok {
		return noIndex
	}
	ix, err := strconv.Atoi(v)
	if err != nil || ix < 0 {
		return noIndex
	}
	return ix
}

// validIndex returns pod's completion index if it is below the Job's completions, else noIndex.
func validIndex(job *batchv1.Job, pod *corev1.Pod) int {
	ix := completionIndex(pod)
	if ix == noIndex || ix >= int(ptr.Deref(job.Spec.Completions, 0)) {
		return noIndex
	}
	return ix
}

// pendingIndexes returns up to count of the lowest indexes that have neither succeeded nor failed
// and have no pod running (or, with busy, still terminating).
func pendingIndexes(completions int, count int, done indexSet, busy indexSet) []int {
	var out []int
	for ix := 0; ix < completions && len(out) < count; ix++ {
		if !done.Has(ix) && !busy.Has(ix) {
			out = append(out, ix)
		}
	}
	return out
}
