package validation

import (
	"strings"
	"testing"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func validDriver() *storagev1.CSIDriver {
	return &storagev1.CSIDriver{
		ObjectMeta: metav1.ObjectMeta{Name: "csi.example.com", ResourceVersion: "1"},
		Spec: storagev1.CSIDriverSpec{
			AttachRequired:       ptr.To(true),
			PodInfoOnMount:       ptr.To(false),
			StorageCapacity:      ptr.To(false),
			FSGroupPolicy:        ptr.To(storagev1.ReadWriteOnceWithFSTypeFSGroupPolicy),
			VolumeLifecycleModes: []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecyclePersistent},
			RequiresRepublish:    ptr.To(false),
			SELinuxMount:         ptr.To(false),
		},
	}
}

func TestStorageValidateCSIDriver(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*storagev1.CSIDriverSpec)
		want   []string
	}{
		{name: "valid", modify: func(*storagev1.CSIDriverSpec) {}},
		{name: "cleared capabilities", modify: func(s *storagev1.CSIDriverSpec) {
			s.AttachRequired, s.PodInfoOnMount, s.StorageCapacity, s.SELinuxMount = nil, nil, nil, nil
		}, want: []string{
			"spec.attachedRequired: Required value",
			"spec.podInfoOnMount: Required value",
			"spec.storageCapacity: Required value",
			"spec.seLinuxMount: Required value",
		}},
		{name: "fsGroupPolicy", modify: func(s *storagev1.CSIDriverSpec) { s.FSGroupPolicy = ptr.To(storagev1.FSGroupPolicy("Always")) },
			want: []string{`spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType"`}},
		{name: "modes", modify: func(s *storagev1.CSIDriverSpec) { s.VolumeLifecycleModes = []storagev1.VolumeLifecycleMode{"Forever"} },
			want: []string{`spec.volumeLifecycleModes: Unsupported value: "Forever": supported values: "Persistent", "Ephemeral"`}},
		{name: "token requests", modify: func(s *storagev1.CSIDriverSpec) {
			s.TokenRequests = []storagev1.TokenRequest{
				{Audience: "a", ExpirationSeconds: ptr.To(int64(60))},
				{Audience: "a"},
				{Audience: "b", ExpirationSeconds: ptr.To(int64(1<<32 + 1))},
			}
		}, want: []string{
			"spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
			`spec.tokenRequests[1].audience: Duplicate value: "a"`,
			"spec.tokenRequests[2].expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds",
		}},
		{name: "update period", modify: func(s *storagev1.CSIDriverSpec) { s.NodeAllocatableUpdatePeriodSeconds = ptr.To(int64(9)) },
			want: []string{"spec.nodeAllocatableUpdatePeriodSeconds: Invalid value: 9: must be greater than or equal to 10 seconds"}},
		{name: "tokens in secrets without tokens", modify: func(s *storagev1.CSIDriverSpec) { s.ServiceAccountTokenInSecrets = ptr.To(true) },
			want: []string{"spec.serviceAccountTokenInSecrets: Invalid value: true: serviceAccountTokenInSecrets is set but no tokenRequests are specified"}},
		{name: "tokens in secrets", modify: func(s *storagev1.CSIDriverSpec) {
			s.ServiceAccountTokenInSecrets = ptr.To(true)
			s.TokenRequests = []storagev1.TokenRequest{{Audience: "vault"}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := validDriver()
			tc.modify(&d.Spec)
			expectErrors(t, ValidateCSIDriver(d), tc.want...)
		})
	}
}

func TestStorageValidateCSIDriverUpdate(t *testing.T) {
	d := validDriver()
	d.Spec.AttachRequired = ptr.To(false)
	d.Spec.VolumeLifecycleModes = append(d.Spec.VolumeLifecycleModes, storagev1.VolumeLifecycleEphemeral)
	expectErrors(t, ValidateCSIDriverUpdate(d, validDriver()),
		"spec.attachedRequired: Invalid value: false: field is immutable",
		`spec.volumeLifecycleModes: Invalid value: ["Persistent","Ephemeral"]: field is immutable`)

	mutable := validDriver()
	mutable.Spec.PodInfoOnMount = ptr.To(true)
	mutable.Spec.StorageCapacity = ptr.To(true)
	mutable.Spec.RequiresRepublish = ptr.To(true)
	mutable.Spec.TokenRequests = []storagev1.TokenRequest{{Audience: "vault"}}
	expectErrors(t, ValidateCSIDriverUpdate(mutable, validDriver()))
}

func TestStorageValidateCSINode(t *testing.T) {
	valid := func() *storagev1.CSINode {
		return &storagev1.CSINode{
			ObjectMeta: metav1.ObjectMeta{Name: "node-1", ResourceVersion: "1"},
			Spec: storagev1.CSINodeSpec{Drivers: []storagev1.CSINodeDriver{
				{Name: "csi.example.com", NodeID: "i-1", TopologyKeys: []string{"topology.kubernetes.io/zone"}, Allocatable: &storagev1.VolumeNodeResources{Count: ptr.To(int32(8))}},
			}},
		}
	}
	expectErrors(t, ValidateCSINode(valid()))

	bad := valid()
	bad.Spec.Drivers = append(bad.Spec.Drivers, storagev1.CSINodeDriver{
		Name: "csi.example.com", NodeID: strings.Repeat("x", 257), TopologyKeys: []string{"zone", "zone", ""},
		Allocatable: &storagev1.VolumeNodeResources{Count: ptr.To(int32(-1))},
	}, storagev1.CSINodeDriver{Name: "other.example.com"})
	expectErrors(t, ValidateCSINode(bad),
		`spec.drivers[1].nodeID: Invalid value: "`+strings.Repeat("x", 257)+`": must be 256 characters or less`,
		"spec.drivers[1].allocatable.count: Invalid value: -1: must be greater than or equal to 0",
		`spec.drivers[1].name: Duplicate value: "csi.example.com"`,
		`spec.drivers[1]: Duplicate value: "zone"`,
		"spec.drivers[1]: Required value",
		`spec.drivers[1]: Invalid value: "": name part must be non-empty`,
		`spec.drivers[1]: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		"spec.drivers[2].nodeID: Required value")

	recounted := valid()
	recounted.Spec.Drivers[0].Allocatable.Count = ptr.To(int32(4))
	expectErrors(t, ValidateCSINodeUpdate(recounted, valid()))
	moved := valid()
	moved.Spec.Drivers[0].NodeID = "i-2"
	expectErrors(t, ValidateCSINodeUpdate(moved, valid()),
		`spec.drivers: Invalid value: {"Name":"csi.example.com","NodeID":"i-2","TopologyKeys":["topology.kubernetes.io/zone"],"Allocatable":null}: field is immutable`)
}

func TestStorageValidateCSIStorageCapacity(t *testing.T) {
	valid := func() *storagev1.CSIStorageCapacity {
		return &storagev1.CSIStorageCapacity{
			ObjectMeta:       metav1.ObjectMeta{Name: "cap", Namespace: "kube-system", ResourceVersion: "1"},
			NodeTopology:     &metav1.LabelSelector{MatchLabels: map[string]string{"topology.kubernetes.io/zone": "a"}},
			StorageClassName: "fast",
			Capacity:         ptr.To(resource.MustParse("10Gi")),
		}
	}
	expectErrors(t, ValidateCSIStorageCapacity(valid(), false))

	bad := valid()
	bad.StorageClassName = "Fast"
	bad.Capacity = ptr.To(resource.MustParse("-1Gi"))
	expectErrors(t, ValidateCSIStorageCapacity(bad, false),
		`storageClassName: Invalid value: "Fast": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`capacity: Invalid value: "-1Gi": must be greater than or equal to 0`)

	moved := valid()
	moved.StorageClassName = "slow"
	moved.NodeTopology = &metav1.LabelSelector{}
	moved.Capacity = ptr.To(resource.MustParse("5Gi"))
	expectErrors(t, ValidateCSIStorageCapacityUpdate(moved, valid()),
		`nodeTopology: Invalid value: {}: field is immutable`,
		`storageClassName: Invalid value: "slow": field is immutable`)
}
