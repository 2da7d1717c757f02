package podnodeselector

import (
	"context"
	"maps"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
)

func TestReadConfig(t *testing.T) {
	got, err := readConfig(strings.NewReader("podNodeSelectorPluginConfig:\n  clusterDefaultNodeSelector: env=dev\n  team-a: env=prod,team=a\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{clusterDefaultKey: "env=dev", "team-a": "env=prod,team=a"}; !maps.Equal(got, want) {
		t.Errorf("config = %v, want %v", got, want)
	}
	if _, err := readConfig(strings.NewReader("podNodeSelectorPluginConfig: [")); err == nil {
		t.Error("a malformed configuration was accepted")
	}
}

func TestAdmit(t *testing.T) {
	selectors := map[string]string{clusterDefaultKey: "env=dev", "team-a": "env=prod,team=a"}
	known := []*corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{Name: "plain"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "team-a", Annotations: map[string]string{NodeSelectorAnnotation: "env=prod"}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "anywhere", Annotations: map[string]string{NodeSelectorAnnotation: ""}}},
	}
	for _, tc := range []struct {
		name, namespace string
		selector        map[string]string
		want            map[string]string
		wantErr         string
	}{
		{name: "cluster default", namespace: "plain", selector: map[string]string{"disk": "ssd"}, want: map[string]string{"env": "dev", "disk": "ssd"}},
		{name: "namespace annotation", namespace: "team-a", selector: map[string]string{"team": "a"}, want: map[string]string{"env": "prod", "team": "a"}},
		{name: "empty annotation overrides the default", namespace: "anywhere", want: map[string]string{}},
		{name: "conflict", namespace: "team-a", selector: map[string]string{"env": "dev"}, wantErr: `pods "p" is forbidden: pod node label selector conflicts with its namespace node label selector`},
		{name: "outside the whitelist", namespace: "team-a", selector: map[string]string{"disk": "ssd"}, wantErr: `pods "p" is forbidden: pod node label selector labels conflict with its namespace whitelist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plugin{Plugin: namespaces.New(admission.Create), selectors: selectors}
			admissiontest.KnowNamespaces(t, p, known...)
			p.SetReadyFunc(func() bool { return true })
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: tc.namespace}, Spec: corev1.PodSpec{NodeSelector: tc.selector}}
			err := p.Admit(context.Background(), admissiontest.CreatePod(pod), nil)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(pod.Spec.NodeSelector, tc.want) {
				t.Errorf("nodeSelector = %v, want %v", pod.Spec.NodeSelector, tc.want)
			}
		})
	}
}
