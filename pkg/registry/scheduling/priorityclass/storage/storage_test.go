package storage

import (
	"context"
	"net/http"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestDeleteRefusesSystemClasses(t *testing.T) {
	r := &REST{}
	for _, name := range []string{"system-node-critical", "system-cluster-critical"} {
		_, _, err := r.Delete(context.Background(), name, nil, &metav1.DeleteOptions{})
		status, ok := err.(apierrors.APIStatus)
		if !ok || status.Status().Code != http.StatusForbidden {
			t.Fatalf("delete %s: %v, want 403 Forbidden", name, err)
		}
		want := `priorityclasses.scheduling.k8s.io "` + name + `" is forbidden: this is a system priority class and cannot be deleted`
		if err.Error() != want {
			t.Errorf("delete %s: %q, want %q", name, err.Error(), want)
		}
	}
}
