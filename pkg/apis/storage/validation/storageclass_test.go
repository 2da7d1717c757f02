package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func validClass() *storagev1.StorageClass {
	return &storagev1.StorageClass{
		ObjectMeta:        metav1.ObjectMeta{Name: "fast", ResourceVersion: "1"},
		Provisioner:       "csi.example.com",
		Parameters:        map[string]string{"type": "ssd"},
		ReclaimPolicy:     ptr.To(corev1.PersistentVolumeReclaimDelete),
		VolumeBindingMode: ptr.To(storagev1.VolumeBindingWaitForFirstConsumer),
	}
}

func zoneTerm(zones ...string) corev1.TopologySelectorTerm {
	return corev1.TopologySelectorTerm{MatchLabelExpressions: []corev1.TopologySelectorLabelRequirement{{Key: "topology.kubernetes.io/zone", Values: zones}}}
}

func TestStorageValidateStorageClass(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*storagev1.StorageClass)
		want   []string
	}{
		{name: "valid", modify: func(*storagev1.StorageClass) {}},
		{name: "uppercase provisioner is lowercased first", modify: func(sc *storagev1.StorageClass) { sc.Provisioner = "CSI.Example.com/Disk" }},
		{name: "no provisioner", modify: func(sc *storagev1.StorageClass) { sc.Provisioner = "" },
			want: []string{"provisioner: Required value"}},
		{name: "bad provisioner", modify: func(sc *storagev1.StorageClass) { sc.Provisioner = "a/b/c" },
			want: []string{`provisioner: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`}},
		{name: "empty parameter key", modify: func(sc *storagev1.StorageClass) { sc.Parameters = map[string]string{"": "x"} },
			want: []string{`parameters: Invalid value: "": field can not be empty.`}},
		{name: "parameters too large", modify: func(sc *storagev1.StorageClass) {
			sc.Parameters = map[string]string{"k": strings.Repeat("x", 256*1024)}
		},
			want: []string{"parameters: Too long: may not be more than 262144 bytes"}},
		{name: "recycle", modify: func(sc *storagev1.StorageClass) { sc.ReclaimPolicy = ptr.To(corev1.PersistentVolumeReclaimRecycle) },
			want: []string{`reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"`}},
		{name: "no binding mode", modify: func(sc *storagev1.StorageClass) { sc.VolumeBindingMode = nil },
			want: []string{"volumeBindingMode: Required value"}},
		{name: "bad binding mode", modify: func(sc *storagev1.StorageClass) { sc.VolumeBindingMode = ptr.To(storagev1.VolumeBindingMode("Later")) },
			want: []string{`volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"`}},
		{name: "topology", modify: func(sc *storagev1.StorageClass) {
			sc.AllowedTopologies = []corev1.TopologySelectorTerm{zoneTerm("a", "a"), zoneTerm(), {MatchLabelExpressions: []corev1.TopologySelectorLabelRequirement{{Key: "bad key", Values: []string{"x"}}}}}
		}, want: []string{
			`allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"`,
			"allowedTopologies[1].matchLabelExpressions[0].values: Required value",
			`allowedTopologies[2].matchLabelExpressions[0].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		}},
		{name: "repeated term", modify: func(sc *storagev1.StorageClass) {
			sc.AllowedTopologies = []corev1.TopologySelectorTerm{zoneTerm("a", "b"), zoneTerm("b", "a")}
		}, want: []string{`allowedTopologies[1].matchLabelExpressions: Duplicate value: ""`}},
		{name: "repeated key", modify: func(sc *storagev1.StorageClass) {
			term := zoneTerm("a")
			term.MatchLabelExpressions = append(term.MatchLabelExpressions, term.MatchLabelExpressions[0])
			sc.AllowedTopologies = []corev1.TopologySelectorTerm{term}
		}, want: []string{`allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "topology.kubernetes.io/zone"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := validClass()
			tc.modify(sc)
			expectErrors(t, ValidateStorageClass(sc), tc.want...)
		})
	}
}

func TestStorageValidateStorageClassUpdate(t *testing.T) {
	sc := validClass()
	sc.Parameters = map[string]string{"type": "hdd"}
	sc.Provisioner = "other.example.com"
	sc.ReclaimPolicy = ptr.To(corev1.PersistentVolumeReclaimRetain)
	sc.VolumeBindingMode = ptr.To(storagev1.VolumeBindingImmediate)
	sc.AllowVolumeExpansion = ptr.To(true)
	expectErrors(t, ValidateStorageClassUpdate(sc, validClass()),
		"parameters: Forbidden: updates to parameters are forbidden.",
		"provisioner: Forbidden: updates to provisioner are forbidden.",
		"reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
		`volumeBindingMode: Invalid value: "Immediate": field is immutable`)

	expandable := validClass()
	expandable.AllowVolumeExpansion = ptr.To(true)
	expandable.MountOptions = []string{"ro"}
	expectErrors(t, ValidateStorageClassUpdate(expandable, validClass()))
}

func TestStorageValidateVolumeAttributesClass(t *testing.T) {
	vac := &storagev1.VolumeAttributesClass{ObjectMeta: metav1.ObjectMeta{Name: "gold", ResourceVersion: "1"}, DriverName: "csi.example.com", Parameters: map[string]string{"iops": "3000"}}
	expectErrors(t, ValidateVolumeAttributesClass(vac))
	expectErrors(t, ValidateVolumeAttributesClass(&storagev1.VolumeAttributesClass{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}),
		"driverName: Required value",
		"parameters: Required value: must contain at least one key/value pair")

	changed := vac.DeepCopy()
	changed.DriverName = "other.example.com"
	changed.Parameters = map[string]string{"iops": "5000"}
	expectErrors(t, ValidateVolumeAttributesClassUpdate(changed, vac),
		"driverName: Forbidden: updates to driverName are forbidden.",
		"parameters: Forbidden: updates to parameters are forbidden.")
}
