package integration

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// expectInvalid asserts that err is the 422 kube-apiserver returns for an
// invalid object of group (empty for core): reason Invalid, a message naming
// the group-qualified kind and the object, details naming the same, and
// exactly the wanted causes, each written as "<field>: <message>" in any order.
func expectInvalid(t *testing.T, err error, group, kind, name string, wantCauses ...string) {
	t.Helper()
	var statusErr *apierrors.StatusError
	if !errors.As(err, &statusErr) {
		t.Fatalf("got error %v, want a 422 Invalid status", err)
	}
	status := statusErr.ErrStatus
	if status.Code != http.StatusUnprocessableEntity || status.Reason != metav1.StatusReasonInvalid {
		t.Fatalf("got %d %q (%s), want 422 Invalid", status.Code, status.Reason, status.Message)
	}
	qualified := kind
	if group != "" {
		qualified += "." + group
	}
	if prefix := qualified + " \"" + name + "\" is invalid: "; !strings.HasPrefix(status.Message, prefix) {
		t.Errorf("message %q does not start with %q", status.Message, prefix)
	}
	if status.Details == nil || status.Details.Group != group || status.Details.Kind != kind || status.Details.Name != name {
		t.Fatalf("details %+v do not name %s %q", status.Details, qualified, name)
	}
	var got []string
	for _, c := range status.Details.Causes {
		got = append(got, c.Field+": "+c.Message)
	}
	want := append([]string(nil), wantCauses...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("causes mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// expectInvalidCause asserts that err is a 422 Invalid with a cause at field whose message contains
// message; causeType, unless empty, must match too. Use it where other causes may come along.
func expectInvalidCause(t *testing.T, err error, field string, causeType metav1.CauseType, message string) {
	t.Helper()
	var statusErr *apierrors.StatusError
	if !errors.As(err, &statusErr) || statusErr.ErrStatus.Code != http.StatusUnprocessableEntity || statusErr.ErrStatus.Reason != metav1.StatusReasonInvalid {
		t.Fatalf("error = %v, want 422 Invalid", err)
	}
	var causes []metav1.StatusCause
	if details := statusErr.ErrStatus.Details; details != nil {
		causes = details.Causes
	}
	for _, c := range causes {
		if c.Field == field && (causeType == "" || c.Type == causeType) && strings.Contains(c.Message, message) {
			return
		}
	}
	t.Fatalf("causes = %+v, want %s at %s with %q", causes, causeType, field, message)
}
