package validation

import (
	"fmt"
	"path"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var (
	supportedAccessModes         = sets.New(corev1.ReadWriteOnce, corev1.ReadOnlyMany, corev1.ReadWriteMany, corev1.ReadWriteOncePod)
	supportedReclaimPolicies     = sets.New(corev1.PersistentVolumeReclaimDelete, corev1.PersistentVolumeReclaimRecycle, corev1.PersistentVolumeReclaimRetain)
	supportedVolumeModes         = sets.New(corev1.PersistentVolumeBlock, corev1.PersistentVolumeFilesystem)
	validatePersistentVolumeName = apimachineryvalidation.NameIsDNSSubdomain
	validateClassName            = apimachineryvalidation.NameIsDNSSubdomain
)

// ValidatePersistentVolume checks a persistent volume, new or as updated.
func ValidatePersistentVolume(pv *corev1.PersistentVolume) field.ErrorList {
	allErrs := validateObjectMeta(&pv.ObjectMeta, false, validatePersistentVolumeName, field.NewPath("metadata"))
	return append(allErrs, validatePersistentVolumeSpec(&pv.Spec, false, field.NewPath("spec"))...)
}

// ValidatePersistentVolumeUpdate checks an update of a persistent volume: its source and volume mode
// are fixed, and its node affinity may only be set once.
func ValidatePersistentVolumeUpdate(newPV, oldPV *corev1.PersistentVolume) field.ErrorList {
	allErrs := ValidatePersistentVolume(newPV)
	newSource := newPV.Spec.PersistentVolumeSource
	// A controller expansion secret may be added to a CSI volume that had none.
	if oldPV.Spec.CSI != nil && oldPV.Spec.CSI.ControllerExpandSecretRef == nil && newSource.CSI != nil && newSource.CSI.ControllerExpandSecretRef != nil {
		newSource = *newSource.DeepCopy()
		newSource.CSI.ControllerExpandSecretRef = nil
	}
	if !apiequality.Semantic.DeepEqual(newSource, oldPV.Spec.PersistentVolumeSource) {
		diff := cmp.Diff(oldPV.Spec.PersistentVolumeSource, newSource)
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "persistentvolumesource"), fmt.Sprintf("spec.persistentvolumesource is immutable after creation\n%v", diff)))
	}
	allErrs = append(allErrs, validateImmutableField(newPV.Spec.VolumeMode, oldPV.Spec.VolumeMode, field.NewPath("volumeMode"))...)
	if oldPV.Spec.NodeAffinity != nil {
		allErrs = append(allErrs, validateImmutableField(newPV.Spec.NodeAffinity, oldPV.Spec.NodeAffinity, field.NewPath("nodeAffinity"))...)
	}
	if oldPV.Spec.VolumeAttributesClassName != nil && newPV.Spec.VolumeAttributesClassName == nil {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "volumeAttributesClassName"), "update from non-nil value to nil is forbidden"))
	}
	return allErrs
}

// ValidatePersistentVolumeStatusUpdate checks a write of a persistent volume's status.
func ValidatePersistentVolumeStatusUpdate(newPV, oldPV *corev1.PersistentVolume) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newPV.ObjectMeta, &oldPV.ObjectMeta, field.NewPath("metadata"))
	if newPV.ResourceVersion == "" {
		allErrs = append(allErrs, field.Required(field.NewPath("resourceVersion"), ""))
	}
	return allErrs
}

// validatePersistentVolumeSpec checks the spec of a persistent volume or, when inline is set, one
// inlined in another object (a VolumeAttachment's source), which must be a CSI volume without
// capacity, claim or class.
func validatePersistentVolumeSpec(spec *corev1.PersistentVolumeSpec, inline bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if inline {
		allErrs = append(allErrs, validateInlineOnly(spec, fldPath)...)
	}
	allErrs = append(allErrs, validateAccessModes(spec.AccessModes, fldPath.Child("accessModes"), "")...)

	if !inline {
		allErrs = append(allErrs, validateCapacity(spec.Capacity, fldPath.Child("capacity"))...)
	}

	if spec.PersistentVolumeReclaimPolicy != "" && !supportedReclaimPolicies.Has(spec.PersistentVolumeReclaimPolicy) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("persistentVolumeReclaimPolicy"), spec.PersistentVolumeReclaimPolicy, sets.List(supportedReclaimPolicies)))
	}

	hasNodeAffinity := spec.NodeAffinity != nil
	if hasNodeAffinity {
		if spec.NodeAffinity.Required == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("nodeAffinity", "required"), "must specify required node constraints"))
		} else {
			allErrs = append(allErrs, validateNodeSelector(spec.NodeAffinity.Required, false, fldPath.Child("nodeAffinity", "required"))...)
		}
	}

	allErrs = append(allErrs, validatePersistentVolumeSource(&spec.PersistentVolumeSource, hasNodeAffinity, fldPath)...)

	if spec.HostPath != nil && path.Clean(spec.HostPath.Path) == "/" && spec.PersistentVolumeReclaimPolicy == corev1.PersistentVolumeReclaimRecycle {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"))
	}
	switch {
	case spec.StorageClassName != "" && inline:
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("storageClassName"), inlineForbidden))
	case spec.StorageClassName != "":
		allErrs = append(allErrs, validateNameWith(validateClassName, spec.StorageClassName, fldPath.Child("storageClassName"))...)
	}
	switch {
	case spec.VolumeMode != nil && inline && *spec.VolumeMode != corev1.PersistentVolumeFilesystem:
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("volumeMode"), "may not specify volumeMode other than Filesystem in the context of inline volumes"))
	case spec.VolumeMode != nil && !inline && !supportedVolumeModes.Has(*spec.VolumeMode):
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("volumeMode"), *spec.VolumeMode, sets.List(supportedVolumeModes)))
	}
	if spec.VolumeAttributesClassName != nil {
		if *spec.VolumeAttributesClassName == "" {
			allErrs = append(allErrs, field.Required(fldPath.Child("volumeAttributesClassName"), "an empty string is disallowed"))
		} else {
			allErrs = append(allErrs, validateNameWith(validateClassName, *spec.VolumeAttributesClassName, fldPath.Child("volumeAttributesClassName"))...)
		}
		if spec.CSI == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("csi"), "has to be specified when using volumeAttributesClassName"))
		}
	}
	return allErrs
}

const inlineForbidden = "may not be specified in the context of inline volumes"

// validateInlineOnly holds the rules only an inline volume spec has: no claim, no capacity, and a
// CSI source.
func validateInlineOnly(spec *corev1.PersistentVolumeSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if spec.ClaimRef != nil {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("claimRef"), inlineForbidden))
	}
	if len(spec.Capacity) != 0 {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("capacity"), inlineForbidden))
	}
	if spec.CSI == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("csi"), "has to be specified in the context of inline volumes"))
	}
	return allErrs
}

// validateCapacity requires a storage capacity, and only that, of a valid positive size.
func validateCapacity(capacity corev1.ResourceList, capPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(capacity) == 0 {
		allErrs = append(allErrs, field.Required(capPath, ""))
	}
	if _, ok := capacity[corev1.ResourceStorage]; !ok || len(capacity) > 1 {
		allErrs = append(allErrs, field.NotSupported(capPath, capacity, []corev1.ResourceName{corev1.ResourceStorage}))
	}
	for name, quantity := range capacity {
		allErrs = append(allErrs, validateBasicResource(quantity, capPath.Key(string(name)))...)
		allErrs = append(allErrs, validatePositiveQuantityValue(quantity, capPath.Key(string(name)))...)
	}
	return allErrs
}

// validateAccessModes requires at least one known mode, and ReadWriteOncePod alone. requiredMsg is
// the detail of the missing-modes error, which differs between volumes and claims.
func validateAccessModes(modes []corev1.PersistentVolumeAccessMode, fldPath *field.Path, requiredMsg string) field.ErrorList {
	var allErrs field.ErrorList
	if len(modes) == 0 {
		allErrs = append(allErrs, field.Required(fldPath, requiredMsg))
	}
	rwop, other := false, false
	for _, mode := range modes {
		switch {
		case !supportedAccessModes.Has(mode):
			allErrs = append(allErrs, field.NotSupported(fldPath, mode, sets.List(supportedAccessModes)))
		case mode == corev1.ReadWriteOncePod:
			rwop = true
		default:
			other = true
		}
	}
	if rwop && other {
		allErrs = append(allErrs, field.Forbidden(fldPath, "may not use ReadWriteOncePod with other access modes"))
	}
	return allErrs
}

// validatePersistentVolumeSource requires exactly one source, checked in upstream's order.
func validatePersistentVolumeSource(source *corev1.PersistentVolumeSource, hasNodeAffinity bool, fldPath *field.Path) field.ErrorList {
	types := []volumeType{
		{source.HostPath != nil, "hostPath", func() field.ErrorList {
			return validateHostPathVolumeSource(source.HostPath, fldPath.Child("hostPath"))
		}, nil},
		{source.GCEPersistentDisk != nil, "gcePersistentDisk", func() field.ErrorList {
			return validatePartitionedDisk(source.GCEPersistentDisk.PDName, "pdName", source.GCEPersistentDisk.Partition, fldPath.Child("persistentDisk"))
		}, nil},
		{source.AWSElasticBlockStore != nil, "awsElasticBlockStore", func() field.ErrorList {
			return validatePartitionedDisk(source.AWSElasticBlockStore.VolumeID, "volumeID", source.AWSElasticBlockStore.Partition, fldPath.Child("awsElasticBlockStore"))
		}, nil},
		{source.Glusterfs != nil, "glusterfs", func() field.ErrorList {
			allErrs := requireStrings(fldPath.Child("glusterfs"), "endpoints", source.Glusterfs.EndpointsName, "path", source.Glusterfs.Path)
			if ns := source.Glusterfs.EndpointsNamespace; ns != nil {
				if *ns == "" {
					allErrs = append(allErrs, field.Invalid(fldPath.Child("glusterfs", "endpointsNamespace"), *ns, "if the endpointnamespace is set, it must be a valid namespace name"))
				} else {
					allErrs = append(allErrs, validateNameWith(validateNamespaceName, *ns, fldPath.Child("glusterfs", "endpointsNamespace"))...)
				}
			}
			return allErrs
		}, nil},
		{source.Flocker != nil, "flocker", func() field.ErrorList { return validateFlockerVolumeSource(source.Flocker, fldPath.Child("flocker")) }, nil},
		{source.NFS != nil, "nfs", func() field.ErrorList { return validateNFSVolumeSource(source.NFS, fldPath.Child("nfs")) }, nil},
		{source.RBD != nil, "rbd", func() field.ErrorList {
			var allErrs field.ErrorList
			if len(source.RBD.CephMonitors) == 0 {
				allErrs = append(allErrs, field.Required(fldPath.Child("rbd", "monitors"), ""))
			}
			return append(allErrs, requireStrings(fldPath.Child("rbd"), "image", source.RBD.RBDImage)...)
		}, nil},
		{source.Quobyte != nil, "quobyte", func() field.ErrorList { return validateQuobyteVolumeSource(source.Quobyte, fldPath.Child("quobyte")) }, nil},
		{source.CephFS != nil, "cephFS", func() field.ErrorList {
			if len(source.CephFS.Monitors) == 0 {
				return field.ErrorList{field.Required(fldPath.Child("cephfs", "monitors"), "")}
			}
			return nil
		}, nil},
		{source.ISCSI != nil, "iscsi", func() field.ErrorList {
			iscsi := source.ISCSI
			return validateISCSIVolumeSource(&corev1.ISCSIVolumeSource{TargetPortal: iscsi.TargetPortal, IQN: iscsi.IQN}, fldPath.Child("iscsi"))
		}, nil},
		{source.Cinder != nil, "cinder", func() field.ErrorList {
			allErrs := requireStrings(fldPath.Child("cinder"), "volumeID", source.Cinder.VolumeID)
			if ref := source.Cinder.SecretRef; ref != nil {
				allErrs = append(allErrs, requireStrings(fldPath.Child("cinder", "secretRef"), "name", ref.Name, "namespace", ref.Namespace)...)
			}
			return allErrs
		}, nil},
		{source.FC != nil, "fc", func() field.ErrorList { return validateFCVolumeSource(source.FC, fldPath.Child("fc")) }, nil},
		{source.FlexVolume != nil, "flexVolume", func() field.ErrorList {
			return validateFlexVolumeSource(&corev1.FlexVolumeSource{Driver: source.FlexVolume.Driver, Options: source.FlexVolume.Options}, fldPath.Child("flexVolume"))
		}, nil},
		{source.AzureFile != nil, "azureFile", func() field.ErrorList {
			allErrs := requireStrings(fldPath.Child("azureFile"), "secretName", source.AzureFile.SecretName, "shareName", source.AzureFile.ShareName)
			if ns := source.AzureFile.SecretNamespace; ns != nil && *ns != "" {
				allErrs = append(allErrs, validateNameWith(validateNamespaceName, *ns, fldPath.Child("azureFile", "secretNamespace"))...)
			}
			return allErrs
		}, nil},
		{source.VsphereVolume != nil, "vsphereVolume", func() field.ErrorList {
			return requireStrings(fldPath.Child("vsphereVolume"), "volumePath", source.VsphereVolume.VolumePath)
		}, nil},
		{source.PhotonPersistentDisk != nil, "photonPersistentDisk", func() field.ErrorList {
			return requireStrings(fldPath.Child("photonPersistentDisk"), "pdID", source.PhotonPersistentDisk.PdID)
		}, nil},
		{source.PortworxVolume != nil, "portworxVolume", func() field.ErrorList {
			return requireStrings(fldPath.Child("portworxVolume"), "volumeID", source.PortworxVolume.VolumeID)
		}, nil},
		{source.AzureDisk != nil, "azureDisk", func() field.ErrorList { return validateAzureDisk(source.AzureDisk, fldPath.Child("azureDisk")) }, nil},
		{source.ScaleIO != nil, "scaleIO", func() field.ErrorList {
			allErrs := requireStrings(fldPath.Child("scaleIO"), "gateway", source.ScaleIO.Gateway, "system", source.ScaleIO.System, "volumeName", source.ScaleIO.VolumeName)
			if source.ScaleIO.SecretRef == nil {
				allErrs = append(allErrs, field.Required(fldPath.Child("scaleIO", "secretRef"), ""))
			}
			return allErrs
		}, nil},
		{source.Local != nil, "local", func() field.ErrorList {
			allErrs := validateLocalVolumeSource(source.Local, fldPath.Child("local"))
			if !hasNodeAffinity {
				allErrs = append(allErrs, field.Required(fldPath.Child("nodeAffinity"), "Local volume requires node affinity"))
			}
			return allErrs
		}, nil},
		{source.StorageOS != nil, "storageos", func() field.ErrorList {
			return requireStrings(fldPath.Child("storageos"), "volumeName", source.StorageOS.VolumeName)
		}, nil},
		{source.CSI != nil, "csi", func() field.ErrorList { return validateCSIPersistentVolumeSource(source.CSI, fldPath.Child("csi")) }, nil},
	}
	return validateOneVolumeType(types, 0, fldPath)
}

func validateLocalVolumeSource(local *corev1.LocalVolumeSource, fldPath *field.Path) field.ErrorList {
	if local.Path == "" {
		return field.ErrorList{field.Required(fldPath.Child("path"), "")}
	}
	return validatePathNoBacksteps(local.Path, fldPath.Child("path"))
}

func validateCSIPersistentVolumeSource(csi *corev1.CSIPersistentVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateCSIVolumeSource(&corev1.CSIVolumeSource{Driver: csi.Driver}, fldPath)
	if csi.VolumeHandle == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("volumeHandle"), ""))
	}
	refs := []struct {
		name string
		ref  *corev1.SecretReference
	}{
		{"controllerPublishSecretRef", csi.ControllerPublishSecretRef},
		{"nodeStageSecretRef", csi.NodeStageSecretRef},
		{"nodePublishSecretRef", csi.NodePublishSecretRef},
		{"controllerExpandSecretRef", csi.ControllerExpandSecretRef},
		{"nodeExpandSecretRef", csi.NodeExpandSecretRef},
	}
	for _, r := range refs {
		if r.ref == nil {
			continue
		}
		refPath := fldPath.Child(r.name)
		if r.ref.Name == "" {
			allErrs = append(allErrs, field.Required(refPath.Child("name"), ""))
		} else {
			allErrs = append(allErrs, validateDNS1123Subdomain(r.ref.Name, refPath.Child("name"))...)
		}
		if r.ref.Namespace == "" {
			allErrs = append(allErrs, field.Required(refPath.Child("namespace"), ""))
		} else {
			allErrs = append(allErrs, validateDNS1123Label(r.ref.Namespace, refPath.Child("namespace"))...)
		}
	}
	return allErrs
}

func validateBasicResource(quantity resource.Quantity, fldPath *field.Path) field.ErrorList {
	if quantity.Value() < 0 {
		return field.ErrorList{field.Invalid(fldPath, quantity.Value(), "must be a valid resource quantity")}
	}
	return nil
}

func validatePositiveQuantityValue(quantity resource.Quantity, fldPath *field.Path) field.ErrorList {
	if quantity.Cmp(resource.Quantity{}) <= 0 {
		return field.ErrorList{field.Invalid(fldPath, quantity.String(), isNotPositiveErrorMsg)}
	}
	return nil
}
