package node

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/storage"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func configSource() *corev1.NodeConfigSource {
	return &corev1.NodeConfigSource{ConfigMap: &corev1.ConfigMapNodeConfigSource{Namespace: "kube-system", Name: "kubelet", KubeletConfigKey: "kubelet"}}
}

func TestPrepareForCreate(t *testing.T) {
	node := &corev1.Node{
		Spec: corev1.NodeSpec{PodCIDR: "10.244.0.0/24", ConfigSource: configSource()},
		Status: corev1.NodeStatus{
			Phase:  corev1.NodeRunning,
			Config: &corev1.NodeConfigStatus{Error: "x"},
		},
	}
	Strategy.PrepareForCreate(context.Background(), node)
	want := &corev1.Node{
		Spec:   corev1.NodeSpec{PodCIDR: "10.244.0.0/24"},
		Status: corev1.NodeStatus{Phase: corev1.NodeRunning},
	}
	if !reflect.DeepEqual(node, want) {
		t.Errorf("node = %+v\nwant %+v (status kept, config source and status.config dropped)", node, want)
	}
}

func TestPrepareForUpdate(t *testing.T) {
	tests := []struct {
		name             string
		oldConfigSource  *corev1.NodeConfigSource
		wantConfigSource *corev1.NodeConfigSource
	}{
		{"config source cannot be newly set", nil, nil},
		{"config source already in use is kept", configSource(), configSource()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := &corev1.Node{
				Spec:   corev1.NodeSpec{ConfigSource: tt.oldConfigSource},
				Status: corev1.NodeStatus{Phase: corev1.NodeRunning},
			}
			node := &corev1.Node{
				Spec:   corev1.NodeSpec{Unschedulable: true, ConfigSource: configSource()},
				Status: corev1.NodeStatus{Phase: corev1.NodeTerminated},
			}
			Strategy.PrepareForUpdate(context.Background(), node, old)
			if !reflect.DeepEqual(node.Spec.ConfigSource, tt.wantConfigSource) {
				t.Errorf("spec.configSource = %+v, want %+v", node.Spec.ConfigSource, tt.wantConfigSource)
			}
			if !node.Spec.Unschedulable {
				t.Error("spec.unschedulable was not updated")
			}
			if node.Status.Phase != corev1.NodeRunning {
				t.Errorf("status.phase = %q, want the stored Running", node.Status.Phase)
			}
		})
	}
}

func TestStatusPrepareForUpdate(t *testing.T) {
	tests := []struct {
		name       string
		oldConfig  *corev1.NodeConfigStatus
		wantConfig *corev1.NodeConfigStatus
	}{
		{"status.config cannot be newly set", nil, nil},
		{"status.config already in use can change", &corev1.NodeConfigStatus{Error: "old"}, &corev1.NodeConfigStatus{Error: "new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := &corev1.Node{
				Spec:   corev1.NodeSpec{PodCIDR: "10.244.0.0/24"},
				Status: corev1.NodeStatus{Config: tt.oldConfig},
			}
			node := &corev1.Node{
				Spec:   corev1.NodeSpec{Unschedulable: true},
				Status: corev1.NodeStatus{Phase: corev1.NodeRunning, Config: &corev1.NodeConfigStatus{Error: "new"}},
			}
			StatusStrategy.PrepareForUpdate(context.Background(), node, old)
			if !reflect.DeepEqual(node.Spec, old.Spec) {
				t.Errorf("spec = %+v, want the stored %+v", node.Spec, old.Spec)
			}
			if !reflect.DeepEqual(node.Status.Config, tt.wantConfig) {
				t.Errorf("status.config = %+v, want %+v", node.Status.Config, tt.wantConfig)
			}
			if node.Status.Phase != corev1.NodeRunning {
				t.Errorf("status.phase = %q, want the written Running", node.Status.Phase)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		spec corev1.NodeSpec
		want []string
	}{
		{"no deprecated fields", corev1.NodeSpec{PodCIDR: "10.244.0.0/24"}, nil},
		{"config source", corev1.NodeSpec{ConfigSource: configSource()}, []string{"spec.configSource: the feature is removed"}},
		{"external ID", corev1.NodeSpec{DoNotUseExternalID: "i-123"}, []string{"spec.externalID: this field is deprecated, and is unused by Kubernetes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			node := &corev1.Node{Spec: tt.spec}
			if got := Strategy.WarningsOnCreate(context.Background(), node); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WarningsOnCreate = %q, want %q", got, tt.want)
			}
			if got := Strategy.WarningsOnUpdate(context.Background(), node, &corev1.Node{}); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WarningsOnUpdate = %q, want %q", got, tt.want)
			}
			if got := StatusStrategy.WarningsOnUpdate(context.Background(), node, &corev1.Node{}); got != nil {
				t.Errorf("status WarningsOnUpdate = %q, want none", got)
			}
		})
	}
}

func TestResetFields(t *testing.T) {
	tests := []struct {
		name string
		got  map[fieldpath.APIVersion]*fieldpath.Set
		want *fieldpath.Set
	}{
		{"main resource", Strategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("status"))},
		{"status", StatusStrategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.got) != 1 || tt.got["v1"] == nil || !tt.got["v1"].Equals(tt.want) {
				t.Errorf("reset fields = %v, want v1: %v", tt.got, tt.want)
			}
		})
	}
}

func TestStrategyFlags(t *testing.T) {
	ctx := context.Background()
	if Strategy.NamespaceScoped() {
		t.Error("nodes must be cluster-scoped")
	}
	if Strategy.AllowCreateOnUpdate(ctx) {
		t.Error("a PUT to a missing node is a 404 upstream")
	}
	if !Strategy.AllowUnconditionalUpdate(ctx) {
		t.Error("updates without resourceVersion are allowed upstream")
	}
}

func TestSelectableFields(t *testing.T) {
	tests := []struct {
		unschedulable bool
		want          string
	}{{false, "false"}, {true, "true"}}
	for _, tt := range tests {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Spec: corev1.NodeSpec{Unschedulable: tt.unschedulable}}
		want := fields.Set{"metadata.name": "n1", "spec.unschedulable": tt.want}
		if got := SelectableFields(node); !reflect.DeepEqual(got, want) {
			t.Errorf("SelectableFields = %v, want %v", got, want)
		}
		pred := storage.SelectionPredicate{Label: labels.Everything(), Field: fields.OneTermEqualSelector("spec.unschedulable", tt.want), GetAttrs: GetAttrs}
		if ok, err := pred.Matches(node); err != nil || !ok {
			t.Errorf("spec.unschedulable=%s did not match: %v, %v", tt.want, ok, err)
		}
	}
}
