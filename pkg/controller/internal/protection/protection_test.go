package protection

import (
	"errors"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestChange(t *testing.T) {
	now := metav1.Now()
	const f = "kubernetes.io/pv-protection"
	for _, tc := range []struct {
		name       string
		finalizers []string
		deleting   bool
		inUse      bool
		inUseErr   error
		want       []string
		wantChange bool
	}{
		{name: "live object gets the finalizer", finalizers: []string{"other"}, want: []string{"other", f}, wantChange: true},
		{name: "live protected object kept", finalizers: []string{f}},
		{name: "deleted unused object released", finalizers: []string{"other", f}, deleting: true, want: []string{"other"}, wantChange: true},
		{name: "deleted used object kept", finalizers: []string{f}, deleting: true, inUse: true},
		{name: "deleted unprotected object ignored", finalizers: []string{"other"}, deleting: true},
		{name: "use unknown", finalizers: []string{f}, deleting: true, inUseErr: errors.New("boom")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj := &metav1.ObjectMeta{Name: "x", Finalizers: tc.finalizers}
			if tc.deleting {
				obj.DeletionTimestamp = &now
			}
			got, change, err := Change(obj, f, func() (bool, error) { return tc.inUse, tc.inUseErr })
			if !errors.Is(err, tc.inUseErr) {
				t.Fatalf("error = %v, want %v", err, tc.inUseErr)
			}
			if change != tc.wantChange || !slices.Equal(got, tc.want) {
				t.Errorf("Change = %v, %v; want %v, %v", got, change, tc.want, tc.wantChange)
			}
			if !slices.Equal(obj.Finalizers, tc.finalizers) {
				t.Errorf("the object's finalizers changed to %v", obj.Finalizers)
			}
		})
	}
}
