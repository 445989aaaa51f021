// Command openstack-schema writes the schema of terraform-provider-openstack
// (the Go module version pinned in go.mod) in the format of
// `terraform providers schema -json`, without a terraform binary and without
// network access at run time.
//
// It builds the provider with openstack.Provider(), asks the
// terraform-plugin-sdk/v2 gRPC provider server for its schema exactly as
// Terraform Core would (GetProviderSchema), and converts the protocol-5 schema
// into Terraform's JSON schema representation (jsonprovider): blocks with
// attributes and block_types, nesting_mode, min_items, max_items, cty JSON types
// and the required/optional/computed/sensitive flags.
//
// The output is deterministic: every object's keys are sorted and the same
// module versions always give the same bytes.
//
// Usage (from the repository root):
//
//	cd tools/openstack-schema && go run . -o ../../providers/openstack/schema.json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

const (
	providerAddress = "registry.terraform.io/terraform-provider-openstack/openstack"
	providerModule  = "github.com/terraform-provider-openstack/terraform-provider-openstack/v3"
)

// The JSON shapes below follow Terraform's internal/command/jsonprovider.

type providerSchemas struct {
	FormatVersion   string                     `json:"format_version"`
	ProviderSchemas map[string]*providerSchema `json:"provider_schemas"`
}

type providerSchema struct {
	Provider          *jsonSchema            `json:"provider,omitempty"`
	ResourceSchemas   map[string]*jsonSchema `json:"resource_schemas,omitempty"`
	DataSourceSchemas map[string]*jsonSchema `json:"data_source_schemas,omitempty"`
}

type jsonSchema struct {
	Version int64      `json:"version"`
	Block   *jsonBlock `json:"block,omitempty"`
}

type jsonBlock struct {
	Attributes      map[string]*jsonAttribute `json:"attributes,omitempty"`
	BlockTypes      map[string]*jsonBlockType `json:"block_types,omitempty"`
	Description     string                    `json:"description,omitempty"`
	DescriptionKind string                    `json:"description_kind,omitempty"`
	Deprecated      bool                      `json:"deprecated,omitempty"`
}

type jsonBlockType struct {
	NestingMode string     `json:"nesting_mode,omitempty"`
	Block       *jsonBlock `json:"block,omitempty"`
	MinItems    uint64     `json:"min_items,omitempty"`
	MaxItems    uint64     `json:"max_items,omitempty"`
}

type jsonAttribute struct {
	AttributeType   json.RawMessage `json:"type,omitempty"`
	Description     string          `json:"description,omitempty"`
	DescriptionKind string          `json:"description_kind,omitempty"`
	Deprecated      bool            `json:"deprecated,omitempty"`
	Required        bool            `json:"required,omitempty"`
	Optional        bool            `json:"optional,omitempty"`
	Computed        bool            `json:"computed,omitempty"`
	Sensitive       bool            `json:"sensitive,omitempty"`
	WriteOnly       bool            `json:"write_only,omitempty"`
}

func main() {
	out := flag.String("o", "-", "output file (- for standard output)")
	printVersion := flag.Bool("version", false, "print the provider module version and exit")
	flag.Parse()

	if *printVersion {
		fmt.Println(moduleVersion())
		return
	}

	// The SDK turns a Required attribute into an Optional one when its
	// DefaultFunc yields a value, and most of the provider's DefaultFuncs read
	// OS_* environment variables (OS_POOL_NAME, OS_REGION_NAME, ...). Clear
	// them so the schema does not depend on the shell it was made in.
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "OS_") {
			os.Unsetenv(name)
		}
	}

	data, err := build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "openstack-schema:", err)
		os.Exit(1)
	}
	if *out == "-" {
		_, err = os.Stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openstack-schema:", err)
		os.Exit(1)
	}
}

// moduleVersion returns the version of the provider module this binary was built with.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == providerModule {
				if dep.Replace != nil {
					return dep.Replace.Version
				}
				return dep.Version
			}
		}
	}
	return "unknown"
}

func build() ([]byte, error) {
	p := openstack.Provider()
	if err := p.InternalValidate(); err != nil {
		return nil, fmt.Errorf("provider schema is invalid: %w", err)
	}
	server := schema.NewGRPCProviderServer(p)
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov5.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov5.DiagnosticSeverityError {
			return nil, fmt.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
		}
	}

	ps := &providerSchema{
		ResourceSchemas:   map[string]*jsonSchema{},
		DataSourceSchemas: map[string]*jsonSchema{},
	}
	if ps.Provider, err = convertSchema(resp.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	for name, s := range resp.ResourceSchemas {
		if ps.ResourceSchemas[name], err = convertSchema(s); err != nil {
			return nil, fmt.Errorf("resource %s: %w", name, err)
		}
	}
	for name, s := range resp.DataSourceSchemas {
		if ps.DataSourceSchemas[name], err = convertSchema(s); err != nil {
			return nil, fmt.Errorf("data source %s: %w", name, err)
		}
	}

	doc := providerSchemas{
		FormatVersion:   "1.0",
		ProviderSchemas: map[string]*providerSchema{providerAddress: ps},
	}
	return marshalSorted(doc)
}

func convertSchema(s *tfprotov5.Schema) (*jsonSchema, error) {
	if s == nil {
		return nil, nil
	}
	b, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &jsonSchema{Version: s.Version, Block: b}, nil
}

func convertBlock(b *tfprotov5.SchemaBlock) (*jsonBlock, error) {
	if b == nil {
		return &jsonBlock{DescriptionKind: "plain"}, nil
	}
	out := &jsonBlock{
		Description:     b.Description,
		DescriptionKind: stringKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = map[string]*jsonAttribute{}
	}
	for _, a := range b.Attributes {
		if a.Type == nil {
			return nil, fmt.Errorf("attribute %s has no type", a.Name)
		}
		t, err := a.Type.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = &jsonAttribute{
			AttributeType:   t,
			Description:     a.Description,
			DescriptionKind: stringKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
	}
	if len(b.BlockTypes) > 0 {
		out.BlockTypes = map[string]*jsonBlockType{}
	}
	for _, nb := range b.BlockTypes {
		inner, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
		}
		mode, err := nestingMode(nb.Nesting)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
		}
		out.BlockTypes[nb.TypeName] = &jsonBlockType{
			NestingMode: mode,
			Block:       inner,
			MinItems:    uint64(nb.MinItems),
			MaxItems:    uint64(nb.MaxItems),
		}
	}
	return out, nil
}

func stringKind(k tfprotov5.StringKind) string {
	if k == tfprotov5.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

func nestingMode(m tfprotov5.SchemaNestedBlockNestingMode) (string, error) {
	switch m {
	case tfprotov5.SchemaNestedBlockNestingModeSingle:
		return "single", nil
	case tfprotov5.SchemaNestedBlockNestingModeList:
		return "list", nil
	case tfprotov5.SchemaNestedBlockNestingModeSet:
		return "set", nil
	case tfprotov5.SchemaNestedBlockNestingModeMap:
		return "map", nil
	case tfprotov5.SchemaNestedBlockNestingModeGroup:
		return "group", nil
	}
	return "", fmt.Errorf("unknown nesting mode %v", m)
}

// marshalSorted encodes v as indented JSON with every object's keys sorted
// (encoding/json sorts map keys; going through a generic value makes struct
// fields sorted too) and without HTML escaping, followed by a newline.
func marshalSorted(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
