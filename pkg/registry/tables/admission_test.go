package tables

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestParamRef(t *testing.T) {
	for _, tc := range []struct {
		ref  *admissionregistrationv1.ParamRef
		want string
	}{
		{nil, "<unset>"},
		{&admissionregistrationv1.ParamRef{Name: "p", Namespace: "ns"}, "ns/p"},
		{&admissionregistrationv1.ParamRef{Name: "p"}, "*/p"},
		{&admissionregistrationv1.ParamRef{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}}}, "&LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}"},
	} {
		if got := ParamRef(tc.ref); got != tc.want {
			t.Errorf("ParamRef(%+v) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}
