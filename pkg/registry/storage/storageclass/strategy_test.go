package storageclass

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
)

func TestStorageClassWarnsAboutDeprecatedTopologyLabels(t *testing.T) {
	sc := &storagev1.StorageClass{AllowedTopologies: []corev1.TopologySelectorTerm{{MatchLabelExpressions: []corev1.TopologySelectorLabelRequirement{
		{Key: "topology.kubernetes.io/region", Values: []string{"r"}},
		{Key: "failure-domain.beta.kubernetes.io/zone", Values: []string{"a"}},
	}}}}
	want := []string{`allowedTopologies[0].matchLabelExpressions[1].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead`}
	if got := Strategy.WarningsOnCreate(context.Background(), sc); !reflect.DeepEqual(got, want) {
		t.Errorf("create warnings = %q, want %q", got, want)
	}
	if got := Strategy.WarningsOnUpdate(context.Background(), sc, sc); !reflect.DeepEqual(got, want) {
		t.Errorf("update warnings = %q, want %q", got, want)
	}
}
